"""Grades' settings, each declared once with its default (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class GradesSettings(AppSettings):
    GRADES_RISK_ATTENDANCE_BELOW = Setting(
        int, 70, "At risk when the share of lessons attended (of those marked) is below this, %."
    )
    GRADES_RISK_MISSED_DEADLINES = Setting(
        int, 2, "At risk with this many items past due and not handed in (not excused)."
    )
    GRADES_RISK_TREND_DROP = Setting(
        int, 10, "At risk when the final grade fell by this many points over the trend window."
    )
    GRADES_RISK_TREND_DAYS = Setting(
        int, 14, "The trend window: the grade of the work due this many days ago against now."
    )


app_settings = GradesSettings()
