"""The homework app's settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class HomeworkSettings(AppSettings):
    # The largest file a learner may hand in as an answer, in bytes.
    HOMEWORK_MAX_UPLOAD_SIZE = Setting(int, 10 * 1024 * 1024)


app_settings = HomeworkSettings()
