"""API endpoints; api/urls.py includes ``urlpatterns``."""

urlpatterns: list = []
