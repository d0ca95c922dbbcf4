from django.utils.translation import gettext_lazy as _

from core.errors import Invalid, NotAllowed, Unavailable


class NotAVideo(Invalid):
    code = "not_a_video"
    default_message = _("The file is not a video.")


class ToolMissing(Unavailable):
    """ffmpeg or ffprobe is not installed (scripts/system_tools.sh installs them)."""

    code = "video_tools_missing"
    default_message = _("Video processing is not available on this server.")


class VideoNotAllowed(NotAllowed):
    """A lesson's video (its position, its captions) asked for by someone who may not watch it."""

    code = "video_not_allowed"
    default_message = _("Only the course's learners can watch this video.")


class CaptionsNotAllowed(NotAllowed):
    code = "captions_not_allowed"
    default_message = _("Only the video's editors can change its captions.")


class BadPosition(Invalid):
    code = "bad_position"
    default_message = _("The position must be a number of seconds within the video.")
