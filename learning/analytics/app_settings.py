"""Analytics' settings, each declared once with its default (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class AnalyticsSettings(AppSettings):
    ANALYTICS_RAW_VIEWS_RETENTION_DAYS = Setting(
        int,
        90,
        "Days raw course page views are kept; older ones are deleted once their day is "
        "rolled up (the daily aggregates stay).",
    )
    ANALYTICS_REPORT_MONTHS = Setting(
        int, 12, "Months the course, teacher and school reports cover."
    )
    ANALYTICS_REPORT_WEEKS = Setting(
        int, 12, "Weeks the weekly charts (active learners, load) cover."
    )


app_settings = AnalyticsSettings()
