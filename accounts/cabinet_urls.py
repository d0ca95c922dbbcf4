"""The personal cabinet (under the language prefix)."""

from django.urls import path

from learning.certificates import urls as certificate_urls
from learning.enrollment import views as enrollment_views
from learning.payments import views as payment_views

from . import views

app_name = "cabinet"

urlpatterns = [
    path("", enrollment_views.desk, name="home"),
    path("courses/", enrollment_views.my_courses, name="courses"),
    path("profile/", views.profile, name="profile"),
    path("settings/", views.profile_settings, name="settings"),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/open/",
        views.open_notification,
        name="notification-open",
    ),
    *certificate_urls.cabinet_urlpatterns,
    path("orders/", payment_views.my_orders, name="orders"),
    path("orders/<int:order_id>/", payment_views.receipt, name="receipt"),
]
