"""The timetable's settings, with their defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class ScheduleSettings(AppSettings):
    # Minutes before a lesson its teacher and students are reminded of it.
    LESSON_REMINDER_MINUTES = Setting(int, 60)
    # The private iCalendar feed's window, in days back and ahead of today.
    SCHEDULE_FEED_DAYS_BACK = Setting(int, 30)
    SCHEDULE_FEED_DAYS_AHEAD = Setting(int, 180)


app_settings = ScheduleSettings()
