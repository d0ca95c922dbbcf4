"""Homework pages on the site (under the language prefix)."""

app_name = "homework"

urlpatterns: list = []
