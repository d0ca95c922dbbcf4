"""Lesson recordings: which are ready, and copying one from Zoom into the private storage.

A recording is written through its model field's storage (the private one: never served as
``/media/``, only by the permission-checked recording view), never ``default_storage``.
"""

from __future__ import annotations

import logging
import tempfile
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from learning.schedule.models import LiveLesson

from .. import zoom_client
from ..app_settings import app_settings
from ..errors import DownloadFailed
from ..models import LessonRecording, recording_upload_to
from ..zoom_client import ZoomClient, ZoomError

logger = logging.getLogger(__name__)


def recording_file_types() -> tuple[str, ...]:
    return tuple(t.upper() for t in app_settings.ZOOMPOOL_RECORDING_FILE_TYPES)


def ready_recordings(lesson: LiveLesson) -> QuerySet[LessonRecording]:
    return lesson.recordings.filter(status=LessonRecording.Status.READY)


def _looks_like(file_type: str, head: bytes) -> bool:
    # Zoom answers some failures with an HTML or JSON page; never store one as a video.
    if file_type in ("MP4", "M4A"):
        return head[4:8] == b"ftyp"
    return True


def recording_storage() -> Storage:
    """Where recordings live: the storage of ``LessonRecording.file`` (the private one)."""
    return LessonRecording._meta.get_field("file").storage


def download_recording(recording_id: int) -> LessonRecording | None:
    """Copy one recording from Zoom into the private storage. Idempotent.

    Raises DownloadFailed for what may pass (network, 429, 5xx, a short file); a permanent
    failure (no access, not a video) marks the recording failed and returns it.
    """
    recording = (
        LessonRecording.objects.select_related("lesson", "account").filter(pk=recording_id).first()
    )
    if recording is None or recording.status == LessonRecording.Status.READY:
        return recording
    LessonRecording.objects.filter(pk=recording.pk).update(attempts=F("attempts") + 1)
    lesson = recording.lesson
    extension = (recording.file_type or "mp4").lower()
    stamp = f"{timezone.localtime(lesson.start):%Y%m%d-%H%M}"
    name = f"{slugify(lesson.title)[:60] or 'lesson'}-{stamp}.{extension}"
    with tempfile.TemporaryFile() as spool:
        try:
            size = _fetch(recording, spool)
        except ZoomError as error:
            if error.transient:
                _download_error(recording, error, failed=False)
                raise DownloadFailed(str(error)) from error
            return _download_error(recording, error, failed=True)
        spool.seek(0)
        if recording.size and size != recording.size:
            error = ZoomError(f"incomplete download: {size} of {recording.size} bytes")
            _download_error(recording, error, failed=False)
            raise DownloadFailed(str(error))
        if not _looks_like(recording.file_type, spool.read(16)):
            return _download_error(recording, ZoomError("not a video file"), failed=True)
        spool.seek(0)
        storage = recording_storage()
        saved = storage.save(recording_upload_to(recording, name), File(spool, name=name))
    done = (
        LessonRecording.objects.filter(pk=recording.pk)
        .exclude(status=LessonRecording.Status.READY)
        .update(
            file=saved,
            size=size,
            status=LessonRecording.Status.READY,
            downloaded_at=timezone.now(),
            download_error="",
            download_token="",
        )
    )
    if not done:  # another worker finished it first
        storage.delete(saved)
    recording.refresh_from_db()
    return recording


def _fetch(recording: LessonRecording, out) -> int:
    """Download with the webhook's token; once it is refused (24 hours passed), with the app's."""
    limit = app_settings.ZOOMPOOL_RECORDING_MAX_BYTES
    if recording.download_token:
        try:
            return zoom_client.download(
                recording.download_url, out, token=recording.download_token, max_bytes=limit
            )
        except ZoomError as error:
            if error.status not in (401, 403) or recording.account is None:
                raise
            out.seek(0)
            out.truncate()
    if recording.account is None:
        raise ZoomError("no download token and no account to ask Zoom with")
    return ZoomClient.for_account(recording.account).download(
        recording.download_url, out, max_bytes=limit
    )


def _download_error(
    recording: LessonRecording, error: Exception, *, failed: bool
) -> LessonRecording:
    logger.warning("Recording %s download failed: %s", recording.pk, error)
    changes: dict[str, Any] = {"download_error": str(error)[:2000]}
    if failed:
        changes["status"] = LessonRecording.Status.FAILED
    LessonRecording.objects.filter(pk=recording.pk).exclude(
        status=LessonRecording.Status.READY
    ).update(**changes)
    recording.refresh_from_db()
    return recording


def mark_download_failed(recording_id: int, error: str) -> None:
    """The task gave up retrying."""
    LessonRecording.objects.filter(pk=recording_id).exclude(
        status=LessonRecording.Status.READY
    ).update(status=LessonRecording.Status.FAILED, download_error=error[:2000])
