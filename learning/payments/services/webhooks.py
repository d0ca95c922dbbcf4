"""Stripe's webhook events: verified, checked, stored once by id, applied.

A bad signature or a timestamp outside the tolerance (past or future) is refused with
nothing kept (anyone can send those). A body that is validly signed but unusable is
refused too (400, so Stripe's dashboard shows it) and kept as a ``RejectedWebhook`` for
staff to look at in the admin.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .. import events, gateways
from ..errors import MalformedEvent
from ..models import Order, RejectedWebhook, StripeEvent
from .fulfilment import fulfil_checkout, locked_order_for_session, locked_payment, mark_failed
from .refunds import mark_refunded

logger = logging.getLogger(__name__)

STRIPE = gateways.get("stripe")

KEPT_BODY_CHARS = 100_000  # a rejected body is kept up to this long


def receive_webhook(payload: bytes, signature: str) -> bool:
    """Verify, check and apply one delivery. Returns False for a repeated event.

    Raises WebhookError (400) for a bad signature or timestamp, MalformedEvent (400) for a
    signed body the services cannot use (kept for inspection first).
    """
    try:
        notice = STRIPE.read_notification(payload, {"Stripe-Signature": signature}, "")
    except MalformedEvent as error:
        _keep_rejected(payload, error.data, error.reason)
        raise
    return handle_event(notice.extra["event"])


def _label(data: Any, key: str, limit: int) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value.replace("\x00", "")[:limit] if isinstance(value, str) else ""


def _keep_rejected(payload: bytes, data: Any, reason: str) -> RejectedWebhook:
    """One row per body: Stripe delivers a refused event again for days; count those."""
    logger.warning("Rejected a signed Stripe webhook: %s", reason)
    rejected, created = RejectedWebhook.objects.get_or_create(
        body_sha256=hashlib.sha256(payload).hexdigest(),
        defaults={
            # PostgreSQL text cannot hold NUL: written out, so the body still reads as sent.
            "body": payload.decode("utf-8", "replace").replace("\x00", "\\u0000")[:KEPT_BODY_CHARS],
            "reason": reason[:255],
            "event_id": _label(data, "id", 255),
            "event_type": _label(data, "type", 100),
        },
    )
    if not created:
        RejectedWebhook.objects.filter(pk=rejected.pk).update(
            deliveries=F("deliveries") + 1, last_received_at=timezone.now()
        )
    return rejected


def handle_event(event: dict[str, Any]) -> bool:
    """Apply a verified, well-formed Stripe event once. Returns False for a repeated delivery.

    All in one transaction: the event's row, the order and the enrollment change together,
    or (on an error) not at all and Stripe delivers the event again.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(event_id=event["id"], type=event["type"])
        except IntegrityError:
            return False  # stored already (or being stored by a concurrent delivery)
        handler = HANDLERS.get(event["type"])
        record.order = handler(event) if handler else None
        record.processed_at = timezone.now()
        record.save(update_fields=["order", "processed_at"])
    return True


def _session_event(event: dict[str, Any]) -> Order | None:
    session = event["data"]["object"]
    if event["type"] in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        # completed with payment_status "unpaid" (a delayed method): wait for the async event
        return fulfil_checkout(session["id"], session)
    with transaction.atomic():
        order = locked_order_for_session(session)
        return mark_failed(order) if order is not None else None


def _charge_refunded(event: dict[str, Any]) -> Order | None:
    """A full refund (made in Stripe's dashboard, or ours coming back): the order ends
    refunded and its access closes, even if its payment is confirmed only later."""
    charge = event["data"]["object"]
    if not charge.get("refunded"):
        return None  # a partial refund: access stays; staff decide
    payment_intent = charge.get("payment_intent") or ""
    refund_id = _last_refund_id(charge)
    orders = Order.objects.select_for_update()
    order = None
    if payment_intent:
        # The payment's row first, then the order's, as the completion does: if the
        # completion runs second it sees this refund; if it ran first, its order is linked.
        payment = locked_payment(payment_intent)
        if payment.refunded_at is None:
            payment.refunded_at = timezone.now()
            payment.refund_id = refund_id
            payment.save(update_fields=["refunded_at", "refund_id"])
        if payment.order_id is not None:
            order = orders.filter(pk=payment.order_id).first()
        else:
            order = orders.filter(payment_id=payment_intent).first()
    reference = events.order_id((charge.get("metadata") or {}).get("order_id"))
    if order is None and reference is not None:
        order = orders.filter(pk=reference).first()
    if order is None:
        return None  # not known yet (its completion will see the payment row) or not ours
    if payment_intent and payment.order_id is None:
        payment.order = order
        payment.save(update_fields=["order"])
    if payment_intent and not order.payment_id:
        order.payment_id = payment_intent
    return mark_refunded(order, refund_id=refund_id)


def _last_refund_id(charge: dict[str, Any]) -> str:
    refunds = (charge.get("refunds") or {}).get("data") or []
    return str(refunds[0].get("id") or "") if refunds else ""


HANDLERS: dict[str, Callable[[dict[str, Any]], Order | None]] = {
    "checkout.session.completed": _session_event,
    "checkout.session.async_payment_succeeded": _session_event,
    "checkout.session.async_payment_failed": _session_event,
    "checkout.session.expired": _session_event,
    "charge.refunded": _charge_refunded,
}
