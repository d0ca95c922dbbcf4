"""Background work for bookings: requests nobody answered in time lapse."""

import logging

from celery import shared_task
from django.db import OperationalError

from . import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def lapse_overdue_bookings() -> int:
    """Every 5 minutes (beat): unconfirmed bookings past their deadline lapse, payments go
    back. Idempotent: a lapsed booking is left alone, Stripe makes one refund per order."""
    lapsed = services.lapse_overdue()
    if lapsed:
        logger.info("%s booking(s) lapsed unconfirmed", lapsed)
    return lapsed
