from django.utils.translation import gettext_lazy as _

from core.errors import Invalid, Unavailable


class NotAVideo(Invalid):
    code = "not_a_video"
    default_message = _("The file is not a video.")


class ToolMissing(Unavailable):
    """ffmpeg or ffprobe is not installed (scripts/system_tools.sh installs them)."""

    code = "video_tools_missing"
    default_message = _("Video processing is not available on this server.")
