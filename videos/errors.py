from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, Invalid, NotAllowed, NotFound, Unavailable


class NotAVideo(Invalid):
    code = "not_a_video"
    default_message = _("The file is not a video.")


class ToolMissing(Unavailable):
    """ffmpeg or ffprobe is not installed (scripts/system_tools.sh installs them)."""

    code = "video_tools_missing"
    default_message = _("Video processing is not available on this server.")


class TranscodeFailed(Invalid):
    """ffmpeg refused or broke on the file: the reason is ffmpeg's own words."""

    code = "transcode_failed"
    default_message = _("The video could not be transcoded.")


class RetryNotAllowed(NotAllowed):
    code = "transcode_retry_not_allowed"
    default_message = _("Only staff and the person who uploaded the video can retry it.")


class NotRetryable(Conflict):
    code = "transcode_not_retryable"
    default_message = _("Only a failed transcode can be retried.")


class VideoNotAllowed(NotAllowed):
    code = "video_not_allowed"
    default_message = _("Only the course's learners can watch this video.")


# --- Uploads (videos.uploads) -----------------------------------------------------------------


class UploadRefused(Invalid):
    """The file cannot be taken: too large, not a video by its name, parts that do not add up."""

    code = "upload_refused"
    default_message = _("This file cannot be uploaded.")


class UploadTooLarge(UploadRefused):
    code = "upload_too_large"
    default_message = _("The file is larger than allowed.")


class UploadNotAllowed(NotAllowed):
    code = "upload_not_allowed"
    default_message = _("Only teachers and editors can upload videos.")


class UploadNotFound(NotFound):
    code = "upload_not_found"
    default_message = _("No such upload.")


class UploadClosed(Conflict):
    """Completed, cancelled, refused or expired: no more parts, no second completion."""

    code = "upload_closed"
    default_message = _("This upload is no longer open.")


class UploadIncomplete(Conflict):
    code = "upload_incomplete"
    default_message = _("Some parts of the file have not been uploaded yet.")


# --- The player (captions, positions) ---------------------------------------------------------


class CaptionsNotAllowed(NotAllowed):
    code = "captions_not_allowed"
    default_message = _("Only the video's editors can change its captions.")


class BadPosition(Invalid):
    code = "bad_position"
    default_message = _("The position must be a number of seconds within the video.")
