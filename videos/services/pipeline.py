"""One run of a video's transcode: probe, ffmpeg into a temp folder, save into storage.

Called by the task ``transcode_media``. A run claims the row with a fresh token (the folder
it writes); a run that finds another token when it ends was superseded (a new file, a retry)
and throws its output away. Bad input ends the job ``failed`` with the reason; storage and
database errors propagate for the task to retry.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import outputs, transcode
from ..app_settings import app_settings
from ..errors import NotAVideo, ToolMissing, TranscodeFailed
from ..models import Transcode
from ..probe import probe
from .transcodes import ProgressRecorder, fail

logger = logging.getLogger(__name__)

Status = Transcode.Status
# What a run picks up: waiting, or left half-done by a worker that died (acks late).
RUNNABLE = (Status.PENDING, Status.PROBING, Status.TRANSCODING)


def claim(media_id: int) -> tuple[Transcode, str] | None:
    """Mark the job started under a new token; None when there is nothing to do (ready,
    failed and not retried, or the video is gone)."""
    with transaction.atomic():
        job = (
            Transcode.objects.select_for_update()
            .select_related("media")
            .filter(media_id=media_id)
            .first()
        )
        if job is None or job.status not in RUNNABLE:
            return None
        token = secrets.token_hex(8)
        job.run_token = token
        job.status = Status.PROBING
        job.attempts += 1
        job.progress = 0
        job.error = ""
        job.started_at = timezone.now()
        job.finished_at = None
        job.save()
    return job, token


def run(media_id: int) -> str | None:
    """Transcode the video; returns the status it ended in (None: nothing to do)."""
    claimed = claim(media_id)
    if claimed is None:
        return None
    job, token = claimed
    media = job.media
    prefix = outputs.folder_for(media.pk, token)
    try:
        with tempfile.TemporaryDirectory(prefix="ustat-video-") as workdir:
            with outputs.readable(media.file, Path(workdir)) as source:
                reading = probe(source)
                transcode.ffmpeg.check_source(reading)
                Transcode.objects.filter(pk=job.pk, run_token=token).update(
                    status=Status.TRANSCODING,
                    duration=reading.duration,
                    width=reading.width,
                    height=reading.height,
                    updated_at=timezone.now(),
                )
                out_dir = Path(workdir) / "out"
                out_dir.mkdir()
                made = transcode.make(
                    source, out_dir, reading, on_progress=ProgressRecorder(job.pk, token)
                )
            outputs.save_folder(out_dir, prefix)
    except FileNotFoundError:
        fail(job, _("The uploaded file is missing from storage."), token=token)
        return Status.FAILED
    except (NotAVideo, TranscodeFailed, ToolMissing) as error:
        logger.info("Transcode of media %s failed: %s", media_id, error)
        fail(job, str(error), token=token)
        outputs.delete_folder(prefix)
        return Status.FAILED
    except BaseException:
        outputs.delete_folder(prefix)
        raise
    return _finish(job, token, prefix, made)


def _finish(job: Transcode, token: str, prefix: str, made: transcode.Output) -> str | None:
    with transaction.atomic():
        current = Transcode.objects.select_for_update().select_related("media").get(pk=job.pk)
        if current.run_token != token:
            superseded = True
        else:
            superseded = False
            old_prefix = current.prefix
            current.status = Status.READY
            current.progress = 100
            current.prefix = prefix
            current.renditions = made.renditions
            current.poster = made.poster
            current.thumbnails = made.thumbnails
            current.thumbnail_sprite = made.sprite
            current.finished_at = timezone.now()
            drop = not app_settings.VIDEOS_KEEP_ORIGINAL
            current.original_dropped = drop
            current.save()
            # The library's own fields, shown in the admin's media list.
            type(current.media).objects.filter(pk=current.media_id).update(
                duration=current.duration, width=current.width, height=current.height
            )
    if superseded:
        outputs.delete_folder(prefix)
        return None
    if old_prefix and old_prefix != prefix:
        transaction.on_commit(lambda: outputs.delete_folder(old_prefix))
    if drop:
        # The media keeps its file name (wagtailmedia requires one, and it is how a new
        # upload is told apart); the bytes go. The player uses HLS only from now on.
        name = current.media.file.name
        transaction.on_commit(lambda: current.media.file.storage.delete(name))
    return Status.READY
