"""Background work for payments: refunding second payments Stripe did not take at once."""

import logging

from celery import shared_task
from django.db import OperationalError

from . import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def refund_duplicate_payments() -> int:
    """Every 15 minutes (beat): refund the second payments for an owned course still waiting
    (Stripe was unreachable when they arrived). Idempotent: Stripe makes one refund per order."""
    refunded = services.refund_due_duplicates()
    if refunded:
        logger.info("Refunded %s second payment(s) for courses already owned", refunded)
    return refunded
