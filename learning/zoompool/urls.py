"""Zoom webhooks (no language prefix)."""

from django.urls import path

from . import views

app_name = "zoompool"

urlpatterns = [
    path("webhook/", views.zoom_webhook, name="webhook"),
]
