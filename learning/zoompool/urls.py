"""Zoom webhooks (no language prefix)."""

app_name = "zoompool"

urlpatterns: list = []
