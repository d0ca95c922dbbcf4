"""Giving money back: staff's refunds from the admin, and the portal's own refund of a
second payment for a course the learner already had.

Both ask Stripe with the Idempotency-Key ``refund-<order>``, so however often either runs
(a retry, the sweep, staff pressing the button too) Stripe makes one refund. The order is
marked refunded under its row lock once Stripe has answered.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from learning.enrollment.models import Enrollment
from learning.enrollment.services import revoke

from .. import gateway, notices
from ..errors import PaymentServiceUnavailable, PaymentsNotConfigured, RefundRefused
from ..models import Order
from ..permissions import require_refund

logger = logging.getLogger(__name__)


def mark_refunded(order: Order, *, by=None, refund_id: str = "") -> Order:
    """The money went back (the order's row is locked): close the access this payment gave.

    A second payment for a course the learner had gave no access of its own, so theirs
    stays. The learner hears that the money is on its way back.
    """
    if order.status != Order.Status.REFUNDED:
        order.status = Order.Status.REFUNDED
        order.refunded_at = timezone.now()
        if order.enrollment is not None and order.enrollment.is_open:
            revoke(order.enrollment, status=Enrollment.Status.REFUNDED)
    order.refunded_by = order.refunded_by or by
    order.stripe_refund_id = order.stripe_refund_id or refund_id
    order.save()
    notices.refunded(order)  # keyed by the order: told once, however often this runs
    return order


def refund_order(order: Order, by) -> Order:
    """Give the whole payment back through Stripe, mark the order refunded, close access.

    Stripe's charge.refunded webhook arriving afterwards finds the order refunded: a no-op.
    """
    require_refund(by)
    if not gateway.is_configured():
        raise PaymentsNotConfigured(
            gettext_lazy("Online payment is not configured: nothing to refund.")
        )
    order.refresh_from_db()
    if order.status == Order.Status.REFUNDED:
        return order
    if not order.can_be_refunded:
        raise RefundRefused(gettext_lazy("Only paid orders can be refunded."))
    try:
        refund = gateway.create_refund(order)  # outside any lock; the idempotency key guards it
    except gateway.GatewayError as error:
        raise PaymentServiceUnavailable(
            gettext_lazy("Stripe did not accept the refund: %(reason)s") % {"reason": error}
        ) from error
    if refund.get("status") in ("failed", "canceled"):
        raise RefundRefused(
            gettext_lazy("Stripe could not make the refund (status: %(status)s).") % refund
        )
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        mark_refunded(locked, by=by, refund_id=refund.get("id", ""))
    order.refresh_from_db()
    logger.info("Order %s refunded by %s", order.pk, by.pk)
    return order


# ---------------------------------------------------------------------------------------------
# A second payment for a course the learner already has


def refund_duplicate_after_commit(order_id: int) -> None:
    """Refund once the transaction that found the duplicate commits (never under its locks).
    If Stripe fails then, the order stays paid with its reason and the sweep tries again."""
    transaction.on_commit(partial(refund_duplicate, order_id), robust=True)


def refund_duplicate(order_id: int) -> Order | None:
    """Give back a payment that bought a course the learner already had (two tabs, an old
    Checkout page paid after a newer one). Safe to run again: a refunded order is left
    alone and Stripe answers a repeated request with the first refund.

    Returns the refunded order, or None when there is nothing to do or Stripe did not take
    the refund now (logged; the order stays "paid, refund due" for the next attempt).
    """
    order = Order.objects.filter(
        pk=order_id, status=Order.Status.PAID, refund_reason=Order.RefundReason.DUPLICATE
    ).first()
    if order is None:
        return None
    if not order.stripe_payment_intent_id:
        logger.error("Order %s paid twice but has no payment intent to refund", order.pk)
        return None
    try:
        refund = gateway.create_refund(order)
    except gateway.GatewayError as error:
        logger.warning("The second payment of order %s is not refunded yet: %s", order.pk, error)
        return None
    if refund.get("status") in ("failed", "canceled"):
        logger.error("Stripe could not refund the second payment of order %s: %s", order.pk, refund)
        return None
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        mark_refunded(locked, refund_id=refund.get("id", ""))
    logger.info("Order %s: a second payment for the same course, refunded", order.pk)
    return locked


def refund_due_duplicates() -> int:
    """Refund every second payment still waiting for its refund (Celery beat). Returns how
    many were refunded now."""
    due = Order.objects.filter(
        status=Order.Status.PAID, refund_reason=Order.RefundReason.DUPLICATE
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if refund_duplicate(pk) is not None)
