"""The member profiles' settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class MembersSettings(AppSettings):
    # Reviews per page on a profile and in the API's ``reviews`` list.
    MEMBERS_REVIEWS_PER_PAGE = Setting(int, 10)
    # The newest posts a profile shows; the tutor page lists them all.
    MEMBERS_POSTS_SHOWN = Setting(int, 12)


app_settings = MembersSettings()
