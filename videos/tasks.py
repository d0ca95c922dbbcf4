"""Background work of the video pipeline: transcoding a library video."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .app_settings import app_settings
from .models import Transcode
from .services import fail, run

logger = logging.getLogger(__name__)

# Worth another try later: storage (disk, S3) and database hiccups. Bad input is not: the
# services end such a job ``failed`` with the reason.
TRANSIENT = (OSError, DatabaseError)


@shared_task(bind=True, acks_late=True, max_retries=None)
def transcode_media(self, media_id: int) -> str | None:
    """Transcode the library video ``media_id``; returns the status it ended in.

    Idempotent: a ready or failed job is left alone (a retry sets it pending first), and a
    redelivered one (the worker died) starts over under a new run.
    """
    try:
        return run(media_id)
    except TRANSIENT as error:
        if self.request.retries >= app_settings.VIDEOS_MAX_ATTEMPTS:
            logger.exception("Transcode of media %s gave up", media_id)
            job = Transcode.objects.filter(media_id=media_id).first()
            if job is not None:
                fail(job, _("Storage or database error: %(error)s") % {"error": error})
            return Transcode.Status.FAILED
        logger.warning("Transcode of media %s will be retried: %s", media_id, error)
        # A run that stopped halfway is picked up again by the retry (still "transcoding").
        raise self.retry(exc=error, countdown=min(600, 30 * 2**self.request.retries)) from error
