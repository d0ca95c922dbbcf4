"""The personal cabinet (under the language prefix)."""

from django.urls import path

from . import views

app_name = "cabinet"

urlpatterns = [
    path("", views.cabinet, name="home"),
    path("profile/", views.profile, name="profile"),
    path("settings/", views.profile_settings, name="settings"),
]
