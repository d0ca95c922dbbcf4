"""The community app's settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class CommunitySettings(AppSettings):
    # Posts per feed page (the site page and the API).
    COMMUNITY_FEED_PAGE_SIZE = Setting(int, 12, "posts per page of the feed")
    # A tutor hears of new likes on a post at most this often (the beat task runs hourly).
    COMMUNITY_LIKES_NOTICE_MINUTES = Setting(int, 60, "minutes between like notices of one post")
    # The followers' e-mail digest of new posts: at most one per this many hours.
    COMMUNITY_DIGEST_HOURS = Setting(int, 24, "hours between a follower's digest e-mails")
    # Posts listed in one digest e-mail (the rest are on the feed).
    COMMUNITY_DIGEST_MAX_POSTS = Setting(int, 10, "posts named in one digest e-mail")


app_settings = CommunitySettings()
