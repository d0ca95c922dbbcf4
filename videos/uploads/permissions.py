"""Who may upload videos, and whose upload a session is."""

from __future__ import annotations

from core.permissions import is_signed_in
from courses.permissions import is_editor

from ..errors import UploadNotAllowed, UploadNotFound
from ..models import UploadSession
from ..uploaders import allowed_by_others


def can_upload_video(user) -> bool:
    """Teachers (tutors) and editors (staff, Editors, Moderators) add videos to the library;
    so do the people a higher app's rule admits (``videos.uploaders``)."""
    return is_signed_in(user) and (
        user.role == "teacher" or is_editor(user) or allowed_by_others(user)
    )


def require_can_upload_video(user) -> None:
    if not can_upload_video(user):
        raise UploadNotAllowed


def require_owner(user, session: UploadSession) -> None:
    """Only its owner sees or touches a session; to anyone else it does not exist."""
    if not (is_signed_in(user) and session.owner_id == user.pk):
        raise UploadNotFound
