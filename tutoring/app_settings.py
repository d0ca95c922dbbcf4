"""The tutoring app's settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class TutoringSettings(AppSettings):
    # A request is open this many days; then the beat task marks it expired.
    REQUESTS_EXPIRE_DAYS = Setting(int, 14, "days a learner's request stays open")
    # How many of the best-matching tutors hear of a new request (the rest see it on the board).
    REQUESTS_NOTIFY_TUTORS = Setting(int, 10, "best-matching tutors told of a new request")
    # Minutes a week of shared free time that count as a full time fit (two lessons of 90).
    REQUESTS_FULL_OVERLAP_MINUTES = Setting(int, 180, "weekly minutes that make a full time fit")
    # Weeks a weekly rule made from an accepted offer repeats (the tutor may extend it later).
    REQUESTS_SCHEDULE_WEEKS = Setting(int, 12, "weeks a rule made from an offer repeats")
    # Open requests a learner may have at once (a spam brake on the tutors' board).
    REQUESTS_OPEN_PER_LEARNER = Setting(int, 5, "open requests one learner may have")


app_settings = TutoringSettings()
