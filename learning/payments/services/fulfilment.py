"""A payment a gateway says is paid: the order becomes paid and the course opens. One
fulfilment for every gateway: ``apply_status`` records what the gateway says.

The success page, the notifications and the reconciliation sweep all come here, in any
order, at once or again. Stripe's paths lock the payment's row (``StripePayment``, by payment
intent) and then the order's; its refund event locks them in the same order, so a refund
seen first makes the order end refunded, without access, whichever runs second. The other
gateways' statuses are fetched from their APIs and carry the refunded amount with them, so
the last status read is the whole truth.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from learning.enrollment.models import Enrollment
from learning.enrollment.services import grant

from .. import events, gateways, notices, purposes
from ..errors import GatewayError, PaymentError, PaymentServiceUnavailable
from ..gateways import PaymentStatus, State
from ..gateways import stripe as stripe_api
from ..gateways.stripe import session_status
from ..models import Order, StripePayment
from .receipts import record_receipts
from .refunds import (
    mark_refunded,
    record_gateway_refund,
    record_partial_refund,
    refund_due_after_commit,
    refund_duplicate_after_commit,
)

logger = logging.getLogger(__name__)


def locked_payment(payment_intent: str) -> StripePayment:
    """The payment's row, made on first sight, locked until the transaction ends.

    A second transaction inserting the same intent waits for the first to commit, then
    finds its row: the completion and the refund of one payment never run side by side.
    """
    payment, _created = StripePayment.objects.get_or_create(payment_intent=payment_intent)
    return StripePayment.objects.select_for_update().get(pk=payment.pk)


def locked_order_for_session(session: dict[str, Any]) -> Order | None:
    return locked_order(
        "stripe", session["id"], events.order_id(session.get("client_reference_id"))
    )


def locked_order(gateway: str, checkout_id: str, order_id: int | None) -> Order | None:
    """The order of a gateway's checkout, locked until the transaction ends."""
    orders = Order.objects.select_for_update()
    order = orders.filter(gateway=gateway, checkout_id=checkout_id).first() if checkout_id else None
    if order is None and order_id is not None:
        # The checkout was made but its id not yet saved (a crash in between): our own
        # order id travels with it.
        order = orders.filter(pk=order_id, gateway=gateway, checkout_id="").first()
    return order


def _mark_paid(order: Order, status: PaymentStatus, payment: StripePayment | None) -> Order:
    """The order is paid (its row and its payment's locked): grant the course, unless the
    payment was refunded already or the learner had the course before it."""
    now = timezone.now()
    order.status = Order.Status.PAID
    order.paid_at = order.paid_at or now
    order.payment_id = status.payment_id or order.payment_id
    if payment is not None and payment.order_id is None:
        payment.order = order
        payment.save(update_fields=["order"])
    tell = None
    if payment is not None and payment.refunded_at is not None:
        # The refund came first: it wins, the course stays closed.
        order.status = Order.Status.REFUNDED
        order.refunded_at = payment.refunded_at
        order.refund_id = order.refund_id or payment.refund_id
        tell = notices.refunded
    elif not order.is_for_course:
        purpose = purposes.get(order.purpose)
        if purpose is None or not purpose.on_paid(order):
            # What it paid for is gone (or nobody sells it any more): the money goes back.
            order.refund_reason = Order.RefundReason.WITHDRAWN
            refund_due_after_commit(order.pk)
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
    logger.info(
        "Order %s marked %s by %s (purpose %s)",
        order.pk,
        order.status,
        order.gateway,
        order.purpose,
    )
    if tell is not None:
        tell(order)  # keyed by the order: the webhook and the success page tell once
    return order


def mark_failed(order: Order) -> Order:
    """Checkout expired or the payment failed: only a pending order changes."""
    if order.status == Order.Status.PENDING:
        order.status = Order.Status.FAILED
        order.failed_at = timezone.now()
        order.save(update_fields=["status", "failed_at"])
        logger.info("Order %s failed at %s", order.pk, order.gateway)
    return order


def apply_status(gateway: str, status: PaymentStatus) -> Order | None:
    """Record what the gateway says about an order's payment (one transaction, rows locked).

    Paid: the order is fulfilled once; refunded in whole (as the gateway's status says):
    it ends refunded, its access closed; refunded in part: the amount is kept, access stays.
    Failed: only a pending order fails. Pending or held: nothing changes.
    """
    with transaction.atomic():
        paid = status.state == State.PAID
        # Stripe: the payment's row before the order's (its refund path takes them so too).
        payment = (
            locked_payment(status.payment_id)
            if gateway == "stripe" and paid and status.payment_id
            else None
        )
        order = locked_order(gateway, status.checkout_id, status.order_id)
        if order is None:
            return None
        record_receipts(order, status.receipts)
        if status.state == State.FAILED:
            return mark_failed(order)
        if not paid or order.status == Order.Status.REFUNDED:
            return order
        if order.status != Order.Status.PAID:
            order = _mark_paid(order, status, payment)
        if status.refunded > order.refunded_amount:
            # Refunds made in the gateway's dashboard: kept, so staff see them.
            record_gateway_refund(order, status.refunded - order.refunded_amount, status.refund_ids)
        if status.fully_refunded:
            return mark_refunded(
                order, refund_id=status.refund_ids[-1] if status.refund_ids else ""
            )
        if status.refunded > order.refunded_amount:
            record_partial_refund(order, status.refunded, status.refund_ids)
        return order


def apply_session(session: dict[str, Any]) -> Order | None:
    """Record what a Stripe Checkout session says (see apply_status). A session that is
    neither paid nor expired leaves its order as it is."""
    return apply_status("stripe", session_status(session))


def confirm_order(order: Order) -> Order:
    """Ask the order's gateway what happened to it (the buyer came back, or a sweep asks)
    and record that. The gateway's answer is the truth, never the browser's word; a gateway
    that takes the money on return (PayPal) captures here. Raises PaymentServiceUnavailable
    when the gateway cannot be asked."""
    if not order.checkout_id:
        return order
    try:
        status = gateways.get(order.gateway).confirm(order)
    except GatewayError as error:
        raise PaymentServiceUnavailable from error
    if status.checkout_id != order.checkout_id:
        raise PaymentError
    return apply_status(order.gateway, status) or order


def fulfil_checkout(session_id: str, session: dict[str, Any] | None = None) -> Order | None:
    """Mark the order of a Checkout session paid and give the course, if Stripe says paid.

    The success page passes only the id: the session is fetched from Stripe here, on the
    server, never trusted from the browser. The webhook passes the session from its verified
    event. Safe to call twice or concurrently. Returns the order (None if it is not ours).
    """
    if session is None:
        try:
            session = stripe_api.retrieve_checkout_session(session_id)
        except GatewayError as error:
            raise PaymentServiceUnavailable from error
    if session.get("id") != session_id:
        raise PaymentError
    return apply_session(session)
