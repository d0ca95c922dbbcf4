"""The comments app's settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class CommentsSettings(AppSettings):
    # Top-level comments per page of a thread on the site (replies come with their comment).
    COMMENTS_PER_PAGE = Setting(int, 20)


app_settings = CommentsSettings()
