"""Resumable video uploads: start → a part's address → the parts stored → complete (or abort).

Each call checks that the person may upload and owns the session. Completion reads the whole
file with ffprobe (by content, whatever its name) before it becomes a library video
(``courses.CourseMedia``); anything refused leaves nothing behind.
"""

from __future__ import annotations

import logging
import math
import os
import uuid
from datetime import timedelta
from typing import IO

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from wagtail.models import Collection

from accounts.models import User
from courses.models import CourseMedia

from ..app_settings import app_settings
from ..errors import (
    NotAVideo,
    UploadClosed,
    UploadIncomplete,
    UploadNotFound,
    UploadRefused,
    UploadTooLarge,
)
from ..models import UploadSession
from ..probe import ffprobe_path, probe
from ..services.checks import check_length
from .backends import PartTarget, StoredPart, backend_for, backend_name
from .permissions import require_can_upload_video, require_owner

logger = logging.getLogger(__name__)

S3_MAX_PARTS = 10_000
MB = 1024 * 1024


def part_size_for(size: int, minimum: int) -> int:
    """The configured part size, raised to the backend's minimum and so that no file needs
    more than S3's 10,000 parts (rounded up to whole megabytes)."""
    part = max(app_settings.VIDEOS_UPLOAD_PART_BYTES, minimum)
    if math.ceil(size / part) > S3_MAX_PARTS:
        part = math.ceil(size / S3_MAX_PARTS / MB) * MB
    return part


def _storage_key(filename: str, session_id: uuid.UUID) -> str:
    stem, extension = os.path.splitext(os.path.basename(filename))
    try:
        stem = get_valid_filename(stem)[:80]
    except Exception:  # noqa: BLE001 - Django refuses names like "..": use ours
        stem = ""
    return f"media/{stem or 'video'}_{session_id.hex[:8]}{extension.lower()}"


def _check_declared(filename: str, size: int) -> None:
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    allowed = app_settings.VIDEOS_UPLOAD_EXTENSIONS
    if extension not in allowed:
        raise UploadRefused(
            _("Choose a video file (%(extensions)s).")
            % {"extensions": ", ".join(f".{name}" for name in allowed)},
            field="filename",
        )
    if size <= 0:
        raise UploadRefused(_("The file is empty."), field="size")
    limit = app_settings.VIDEOS_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadTooLarge(
            _("The file is %(size)s; videos of up to %(limit)s can be uploaded.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            field="size",
        )


@transaction.atomic
def start_upload(
    user: User, *, filename: str, size: int, content_type: str = "", title: str = ""
) -> UploadSession:
    """Open a session for one file; refused at once when its name or declared size is wrong."""
    require_can_upload_video(user)
    filename = os.path.basename(filename.replace("\\", "/")).strip()[:255]
    _check_declared(filename, size)
    name = backend_name()
    session = UploadSession(
        owner=user,
        title=title.strip()[:255],
        filename=filename,
        size=size,
        content_type=content_type[:100],
        backend=name,
        expires_at=timezone.now() + timedelta(hours=app_settings.VIDEOS_UPLOAD_SESSION_HOURS),
    )
    backend = backend_for(session)
    session.part_size = part_size_for(size, backend.min_part_size)
    session.storage_key = _storage_key(filename, session.id)
    backend.begin(session)
    session.save()
    return session


def get_session(user: User, session_id: uuid.UUID | str) -> UploadSession:
    try:
        session = UploadSession.objects.get(pk=session_id)
    except (UploadSession.DoesNotExist, ValueError, TypeError) as error:
        raise UploadNotFound from error
    require_owner(user, session)
    return session


def _require_open(session: UploadSession) -> None:
    if session.status != UploadSession.Status.OPEN:
        raise UploadClosed
    if session.expires_at <= timezone.now():
        raise UploadClosed(_("This upload has expired; start it again."))


def _require_part_number(session: UploadSession, number: int) -> None:
    if not 1 <= number <= session.part_count:
        raise UploadRefused(
            _("Parts are numbered from 1 to %(count)d.") % {"count": session.part_count},
            field="number",
        )


def part_target(user: User, session: UploadSession, number: int) -> PartTarget:
    """Where the browser PUTs part ``number`` (our endpoint, or a presigned S3 address)."""
    require_owner(user, session)
    _require_open(session)
    _require_part_number(session, number)
    return backend_for(session).part_target(session, number)


def store_part(user: User, session: UploadSession, number: int, body: IO[bytes]) -> StoredPart:
    """The local backend's PUT: keep the part (exactly its expected size); its ETag."""
    require_owner(user, session)
    _require_open(session)
    _require_part_number(session, number)
    return backend_for(session).store_part(session, number, body)


def stored_parts(user: User, session: UploadSession) -> list[StoredPart]:
    """What the server holds: a reloaded page sends only the rest."""
    require_owner(user, session)
    if session.status != UploadSession.Status.OPEN:
        return []
    return backend_for(session).stored_parts(session)


def _check_parts(session: UploadSession, parts: list[StoredPart]) -> None:
    total = sum(part.size for part in parts)
    if total > session.size:
        raise UploadTooLarge(
            _("More bytes arrived than the file's declared size; start the upload again.")
        )
    have = {part.number: part for part in parts}
    missing = [n for n in range(1, session.part_count + 1) if n not in have]
    if missing:
        raise UploadIncomplete(
            _("Parts %(numbers)s have not been uploaded yet.")
            % {"numbers": ", ".join(str(n) for n in missing[:10])}
        )
    for number, part in have.items():
        if number > session.part_count or part.size != session.expected_part_size(number):
            raise UploadIncomplete(
                _("Part %(number)d has the wrong size; send it again.") % {"number": number}
            )


def _fail(session: UploadSession, message: str) -> None:
    session.status = UploadSession.Status.FAILED
    session.error = message
    session.save(update_fields=["status", "error"])


def complete_upload(user: User, session: UploadSession) -> CourseMedia:
    """Join the parts, read the file by content, and make it a library video.

    A size that does not add up aborts the upload; a file that is not a video (whatever its
    name says) or is too long is deleted and the session marked refused with the reason. The
    heavy work runs outside a transaction: the session's status "completing" keeps a second
    request from doing it twice.
    """
    require_owner(user, session)
    with transaction.atomic():
        session = UploadSession.objects.select_for_update().get(pk=session.pk)
        _require_open(session)
        ffprobe_path()  # no ffprobe: refuse before anything is joined (the upload stays open)
        backend = backend_for(session)
        parts = backend.stored_parts(session)
        try:
            _check_parts(session, parts)
        except UploadTooLarge as error:
            backend.abort(session)
            _fail(session, str(error))
            raise
        session.status = UploadSession.Status.COMPLETING
        session.save(update_fields=["status"])

    source = None
    try:
        source = backend.assemble(session, parts)
        reading = probe(source)
        check_length(reading)
    except NotAVideo as error:
        if source is not None:
            backend.discard(session, source)
        else:
            backend.abort(session)
        _fail(session, str(error))
        raise
    except Exception:
        # Storage failing midway: what was joined cannot be resumed, so it goes; logged.
        logger.exception("Completing video upload %s failed", session.pk)
        if source is not None:
            backend.discard(session, source)
        else:
            backend.abort(session)
        _fail(session, _("The upload could not be completed; please try again."))
        raise

    name = backend.keep(session, source)
    backend.cleanup(session, source)
    with transaction.atomic():
        media = CourseMedia(
            title=session.title or os.path.splitext(session.filename)[0] or session.filename,
            type="video",
            collection=Collection.get_first_root_node(),
            uploaded_by_user=session.owner,
            duration=round(reading.duration, 3),
            width=reading.width or None,
            height=reading.height or None,
        )
        media.file.name = name
        media.save()
        session.status = UploadSession.Status.COMPLETE
        session.completed_at = timezone.now()
        session.media = media
        session.error = ""
        session.save(update_fields=["status", "completed_at", "media", "error"])
    return media


@transaction.atomic
def abort_upload(user: User, session: UploadSession) -> UploadSession:
    """Cancel: the parts are dropped; safe to repeat."""
    require_owner(user, session)
    session = UploadSession.objects.select_for_update().get(pk=session.pk)
    if session.status == UploadSession.Status.OPEN:
        backend_for(session).abort(session)
        session.status = UploadSession.Status.ABORTED
        session.save(update_fields=["status"])
    elif session.status != UploadSession.Status.ABORTED:
        raise UploadClosed
    return session


def abort_expired(now=None) -> int:
    """Drop the parts of uploads left unfinished past their expiry (a periodic task calls this;
    S3 would otherwise bill for the parts of an abandoned multipart upload)."""
    now = now or timezone.now()
    count = 0
    expired = UploadSession.objects.filter(
        status__in=[UploadSession.Status.OPEN, UploadSession.Status.COMPLETING], expires_at__lt=now
    )
    for session in expired.iterator():
        backend_for(session).abort(session)
        session.status = UploadSession.Status.ABORTED
        session.error = _("The upload expired before it was finished.")
        session.save(update_fields=["status", "error"])
        count += 1
    return count
