"""Background work for the Zoom pool: the release sweep and the reconciliation of meetings
(Celery beat), and recording downloads.

All are idempotent: a redelivered or doubled task changes nothing more.
"""

import logging

from celery import shared_task
from django.db import OperationalError

from . import services

logger = logging.getLogger(__name__)

DOWNLOAD_RETRIES = 8
BACKOFF_CAP = 30 * 60  # seconds


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def sweep_pool() -> dict:
    """Every 5 minutes (beat): free the accounts of lessons over for 15 minutes, and dead
    reservations, ending their Zoom meetings when Zoom answers."""
    result = services.sweep()
    if result.overdue or result.stale_reservations or result.orphaned:
        logger.info("Zoom pool sweep: %s", result)
    return vars(result)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def reconcile_meetings() -> dict:
    """Every 15 minutes (beat): end or delete the meetings Zoom has on pool accounts that the
    pool does not hold (creates that timed out after reaching Zoom …), recording each."""
    result = services.reconcile()
    if result.ended or result.deleted or result.failed or result.unreachable:
        logger.info("Zoom meetings reconciled: %s", result)
    return vars(result)


@shared_task(bind=True, max_retries=DOWNLOAD_RETRIES, acks_late=True)
def download_recording(self, recording_id: int) -> str | None:
    """Copy a recording from Zoom into the media storage, retrying with exponential backoff
    (1, 2, 4 … minutes, at most 30) while Zoom is unreachable, busy or failing; the recording
    says "failed" once the retries are spent. Returns the recording's status."""
    attempt = self.request.retries or 0
    while True:
        try:
            recording = services.download_recording(recording_id)
        except services.DownloadFailed as error:
            if attempt >= self.max_retries:
                services.mark_download_failed(recording_id, str(error))
                return "failed"
            if not self.request.is_eager:
                countdown = min(BACKOFF_CAP, 60 * 2**attempt)
                raise self.retry(exc=error, countdown=countdown) from error
            # No broker (tasks run eagerly): nothing could run it later, so try again now.
            attempt += 1
            continue
        return recording.status if recording else None
