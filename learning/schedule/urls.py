"""Groups, the calendar and lesson pages (under the language prefix)."""

app_name = "schedule"

urlpatterns: list = []
