"""Background work for payments: refunds the gateway did not take at once, and the daily
reconciliation of pending orders with their gateways."""

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


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def reconcile_orders() -> dict:
    """Daily (beat): ask the gateways about orders pending for over an hour and record what
    they say. Idempotent: an order already recorded is not pending any more."""
    result = services.reconcile()
    if result.healed:
        logger.info("Reconciliation healed %s order(s): %s", len(result.healed), result.healed)
    return {"asked": result.asked, "healed": result.healed, "failed": result.failed}
