"""A Checkout session that Stripe says is paid: the order becomes paid and the course opens.

The success page and the webhooks both come here, in any order, at once or again. Each
path locks the payment's row (``StripePayment``, by payment intent) and then the order's;
the refund webhook locks them in the same order. So a refund that was seen first makes the
order end refunded, without access, whichever of the two runs second.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from learning.enrollment.models import Enrollment
from learning.enrollment.services import grant

from .. import events, gateway, notices
from ..errors import PaymentError, PaymentServiceUnavailable
from ..models import Order, StripePayment
from .refunds import refund_duplicate_after_commit

logger = logging.getLogger(__name__)


def locked_payment(payment_intent: str) -> StripePayment:
    """The payment's row, made on first sight, locked until the transaction ends.

    A second transaction inserting the same intent waits for the first to commit, then
    finds its row: the completion and the refund of one payment never run side by side.
    """
    payment, _created = StripePayment.objects.get_or_create(payment_intent=payment_intent)
    return StripePayment.objects.select_for_update().get(pk=payment.pk)


def locked_order_for_session(session: dict[str, Any]) -> Order | None:
    orders = Order.objects.select_for_update()
    order = orders.filter(stripe_checkout_session_id=session["id"]).first()
    if order is None:
        # The session was made but its id not yet saved (a crash in between): our own
        # order id travels with it.
        reference = events.order_id(session.get("client_reference_id"))
        if reference is not None:
            order = orders.filter(pk=reference, stripe_checkout_session_id="").first()
    return order


def _mark_paid(order: Order, session: dict[str, Any], payment: StripePayment | None) -> Order:
    """The order is paid (its row and its payment's locked): grant the course, unless the
    payment was refunded already or the learner had the course before it."""
    now = timezone.now()
    order.status = Order.Status.PAID
    order.paid_at = order.paid_at or now
    order.stripe_payment_intent_id = session.get("payment_intent") or order.stripe_payment_intent_id
    if payment is not None and payment.order_id is None:
        payment.order = order
        payment.save(update_fields=["order"])
    tell = None
    if payment is not None and payment.refunded_at is not None:
        # The refund came first: it wins, the course stays closed.
        order.status = Order.Status.REFUNDED
        order.refunded_at = payment.refunded_at
        order.stripe_refund_id = order.stripe_refund_id or payment.refund_id
        tell = notices.refunded
    elif order.user is not None and order.course is not None:
        enrollment, created = grant(order.user, order.course, Enrollment.Source.PURCHASE)
        if created:
            order.enrollment = enrollment
            tell = notices.receipt  # also the enrolment notice of a purchase
        else:
            # The learner had the course already (another payment of theirs, a staff grant):
            # this payment buys nothing, so it goes back (the refund tells them). Their
            # enrollment is not this payment's to revoke.
            order.refund_reason = Order.RefundReason.DUPLICATE
            refund_duplicate_after_commit(order.pk)
    else:
        logger.error("Order %s is paid but its learner or course is gone", order.pk)
    order.save()
    if tell is not None:
        tell(order)  # keyed by the order: the webhook and the success page tell once
    return order


def mark_failed(order: Order) -> Order:
    """Checkout expired or the payment failed: only a pending order changes."""
    if order.status == Order.Status.PENDING:
        order.status = Order.Status.FAILED
        order.failed_at = timezone.now()
        order.save(update_fields=["status", "failed_at"])
    return order


def apply_session(session: dict[str, Any]) -> Order | None:
    """Record what a Checkout session says (one transaction, rows locked)."""
    with transaction.atomic():
        paid = session.get("payment_status") == "paid"
        payment_intent = session.get("payment_intent") or ""
        # The payment's row before the order's: the refund path takes them in this order too.
        payment = locked_payment(payment_intent) if paid and payment_intent else None
        order = locked_order_for_session(session)
        if order is None:
            return None
        if not paid:
            return order
        if order.status in (Order.Status.PAID, Order.Status.REFUNDED):
            return order  # done before: the webhook and the success page both come here
        return _mark_paid(order, session, payment)


def fulfil_checkout(session_id: str, session: dict[str, Any] | None = None) -> Order | None:
    """Mark the order of a Checkout session paid and give the course, if Stripe says paid.

    The success page passes only the id: the session is fetched from Stripe here, on the
    server, never trusted from the browser. The webhook passes the session from its verified
    event. Safe to call twice or concurrently. Returns the order (None if it is not ours).
    """
    if session is None:
        try:
            session = gateway.retrieve_checkout_session(session_id)
        except gateway.GatewayError as error:
            raise PaymentServiceUnavailable from error
    if session.get("id") != session_id:
        raise PaymentError
    return apply_session(session)
