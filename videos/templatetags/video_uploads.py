"""What the uploader include needs to know: the limits of videos/app_settings.py."""

from django import template

from ..app_settings import app_settings
from ..uploads.permissions import can_upload_video

register = template.Library()


@register.simple_tag
def video_upload_limits() -> dict:
    return {
        "max_upload_bytes": app_settings.VIDEOS_MAX_UPLOAD_BYTES,
        "extensions": app_settings.VIDEOS_UPLOAD_EXTENSIONS,
    }


@register.filter
def may_upload_videos(user) -> bool:
    return can_upload_video(user)
