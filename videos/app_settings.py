"""The videos app's settings, with their defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class VideosSettings(AppSettings):
    # A WebVTT file is text: a lesson's subtitles are tens of kilobytes; anything near this is
    # not captions.
    VIDEOS_CAPTION_MAX_SIZE = Setting(int, 512 * 1024)
    # A learner who stopped this close to the end (seconds; at most the last tenth of the
    # video) finished it: the player starts it from the beginning rather than on the last frame.
    VIDEOS_RESUME_END_MARGIN = Setting(int, 15)


app_settings = VideosSettings()
