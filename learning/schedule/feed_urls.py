"""Private iCalendar feeds (no language prefix: calendar apps fetch them)."""

app_name = "calendar"

urlpatterns: list = []
