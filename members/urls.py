"""Member profiles on the site, under the language prefix at /<lang>/members/."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("<id:member_id>/", views.profile, name="profile"),
]
