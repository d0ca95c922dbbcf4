"""Private iCalendar feeds (no language prefix: calendar apps fetch them).

``/calendar/<token>.ics``: the token is the person's secret (services.rotate_feed changes it,
services.revoke_feed removes it).
"""

from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("<slug:token>.ics", views.feed, name="feed"),
]
