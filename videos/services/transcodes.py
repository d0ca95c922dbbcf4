"""A video's transcode, as a state: started by a new file, progressing, failed, retried.

The job itself (probe, ffmpeg, storage) is ``pipeline.py``; this module only moves the row
between states. Enqueueing is done by ``signals.py`` on ``transcode_requested`` (after the
commit), so the services do not import the tasks that import them.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from core.permissions import is_signed_in, is_staff
from courses.models import CourseMedia

from ..errors import NotRetryable, RetryNotAllowed
from ..models import Transcode

# Sent with ``media_id`` when a transcode should run; signals.py enqueues the task on commit.
transcode_requested = Signal()

Status = Transcode.Status


def start(media: CourseMedia) -> Transcode | None:
    """The transcode of a saved library video; a new one (pending, enqueued) when its file is
    new. Audio, and a video whose file did not change, start nothing."""
    if media.type != "video" or not media.file:
        return None
    with transaction.atomic():
        transcode, created = Transcode.objects.select_for_update().get_or_create(
            media=media, defaults={"source_name": media.file.name}
        )
        if not created and transcode.source_name == media.file.name:
            return transcode
        # A new file: whatever was made of the old one stays served until the new run is
        # ready (the run replaces ``prefix`` and deletes the old folder).
        _reset(transcode, source_name=media.file.name, attempts=0)
    transcode_requested.send(sender=Transcode, media_id=media.pk)
    return transcode


def can_retry(user, transcode: Transcode) -> bool:
    if not is_signed_in(user):
        return False
    return is_staff(user) or transcode.media.uploaded_by_user_id == user.pk


def retry(user, transcode: Transcode) -> Transcode:
    """Run a failed transcode again (staff or the video's uploader)."""
    if not can_retry(user, transcode):
        raise RetryNotAllowed
    with transaction.atomic():
        transcode = Transcode.objects.select_for_update().get(pk=transcode.pk)
        if transcode.status != Status.FAILED:
            raise NotRetryable
        _reset(transcode, source_name=transcode.media.file.name)
    transcode_requested.send(sender=Transcode, media_id=transcode.media_id)
    return transcode


def _reset(transcode: Transcode, **changes) -> None:
    for name, value in changes.items():
        setattr(transcode, name, value)
    transcode.status = Status.PENDING
    transcode.progress = 0
    transcode.error = ""
    transcode.run_token = ""
    transcode.started_at = transcode.finished_at = None
    transcode.save()


def fail(transcode: Transcode, reason: str, *, token: str | None = None) -> bool:
    """Mark the job failed with a reason people can read; with ``token``, only if that run is
    still the current one. True when written."""
    rows = Transcode.objects.filter(pk=transcode.pk)
    if token is not None:
        rows = rows.filter(run_token=token)
    written = rows.update(
        status=Status.FAILED,
        error=str(reason)[:2000],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return bool(written)


class ProgressRecorder:
    """Writes a run's percentage at most every ``interval`` seconds (ffmpeg reports twice a
    second; each report need not be a database write), and only forward."""

    def __init__(self, transcode_id: int, token: str, interval: float = 2.0) -> None:
        self.transcode_id = transcode_id
        self.token = token
        self.interval = interval
        self.written = 0
        self.last_write = float("-inf")
        self.writes = 0

    def __call__(self, percent: int) -> None:
        now = time.monotonic()
        if percent <= self.written or now - self.last_write < self.interval:
            return
        Transcode.objects.filter(pk=self.transcode_id, run_token=self.token).update(
            progress=percent, updated_at=timezone.now()
        )
        self.written, self.last_write = percent, now
        self.writes += 1
