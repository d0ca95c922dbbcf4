"""The timetable's settings, with their defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class ScheduleSettings(AppSettings):
    # Minutes before a lesson its teacher and students are reminded of it.
    LESSON_REMINDER_MINUTES = Setting(int, 60)
    # The private iCalendar feed's window, in days back and ahead of today.
    SCHEDULE_FEED_DAYS_BACK = Setting(int, 30)
    SCHEDULE_FEED_DAYS_AHEAD = Setting(int, 180)
    SCHEDULE_EVENTS_CACHE_SECONDS = Setting(
        int,
        3600,
        "How long the calendar's events of a window stay in the shared cache unless the "
        "timetable changes first (services.calendar_cache); 0: not cached.",
    )
    # How long an invitation to a group can be accepted, and how many a person may send a day
    # (the site e-mails strangers on a teacher's word; staff are not counted).
    SCHEDULE_INVITATION_DAYS = Setting(int, 14)
    SCHEDULE_INVITATIONS_PER_DAY = Setting(int, 200)
    SITE_URL = Setting(
        str, "", "The public origin in invitation e-mails' links; empty: WAGTAILADMIN_BASE_URL."
    )


app_settings = ScheduleSettings()
