"""Who may watch a library video (and so keep a position, read its captions) and who may
change its captions. Watching is exactly downloading the file: the same lesson rule."""

from __future__ import annotations

from core.permissions import is_signed_in
from courses.permissions import can_download_library_file

from .errors import CaptionsNotAllowed, VideoNotAllowed


def can_watch(user, media) -> bool:
    return can_download_library_file(user, media)


def can_edit_captions(user, media) -> bool:
    return is_signed_in(user) and media.is_editable_by_user(user)


def require_can_watch(user, media) -> None:
    if not can_watch(user, media):
        raise VideoNotAllowed


def require_can_edit_captions(user, media) -> None:
    if not can_edit_captions(user, media):
        raise CaptionsNotAllowed
