"""Giving money back through the order's gateway: staff's refunds from the admin (whole
or in part), and the portal's own refund of a payment that bought nothing (a second payment
for a course the learner already had; a booking that did not take place).

A whole refund asks the gateway with the idempotency key ``refund-<order>``, so however often
it runs (a retry, the sweep, staff pressing the button too) the gateway makes one refund. A
partial refund gets its own row first, and its key names that row. The order is marked under
its row lock once the gateway has answered: refunded in whole (access closed), or paid with
the refunded amount kept (access stays).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from learning.enrollment.models import Enrollment
from learning.enrollment.services import revoke

from .. import gateways, notices, purposes
from ..errors import GatewayError, PaymentServiceUnavailable, PaymentsNotConfigured, RefundRefused
from ..gateways import RefundResult, State
from ..models import Order, Refund
from ..permissions import require_refund

logger = logging.getLogger(__name__)


def mark_refunded(order: Order, *, by=None, refund_id: str = "") -> Order:
    """The money went back (the order's row is locked): close the access this payment gave.

    A second payment for a course the learner had gave no access of its own, so theirs
    stays. The learner hears that the money is on its way back.
    """
    if order.status != Order.Status.REFUNDED:
        logger.info("Order %s marked refunded (refund %s)", order.pk, refund_id or "-")
        order.status = Order.Status.REFUNDED
        order.refunded_at = timezone.now()
        order.refunded_amount = order.amount
        if order.enrollment is not None and order.enrollment.is_open:
            revoke(order.enrollment, status=Enrollment.Status.REFUNDED)
        if not order.is_for_course and (purpose := purposes.get(order.purpose)) is not None:
            purpose.on_refunded(order)  # that app tells the person, in its own words
    order.refunded_by = order.refunded_by or by
    order.refund_id = order.refund_id or refund_id
    order.save()
    if order.is_for_course:
        notices.refunded(order)  # keyed by the order: told once, however often this runs
    return order


def record_partial_refund(order: Order, refunded, refund_ids=()) -> Order:
    """The gateway says this much of the order's payment went back, not all of it (the
    order's row is locked): the amount is kept, the order stays paid and its access open."""
    if refunded > order.refunded_amount and order.status == Order.Status.PAID:
        order.refunded_amount = min(refunded, order.amount)
        order.refund_id = refund_ids[-1] if refund_ids else order.refund_id
        order.save(update_fields=["refunded_amount", "refund_id"])
    return order


def record_gateway_refund(order: Order, amount: Decimal, refund_ids=()) -> None:
    """A refund the gateway reports that no row of ours holds yet (made in the gateway's
    dashboard, or heard of before our own request recorded it): kept, so staff see it."""
    refund_id = refund_ids[-1] if refund_ids else ""
    if amount <= 0 or (
        refund_id and Refund.objects.filter(gateway=order.gateway, refund_id=refund_id).exists()
    ):
        return
    Refund.objects.create(
        order=order,
        gateway=order.gateway,
        refund_id=refund_id,
        amount=amount,
        status=Refund.Status.SUCCEEDED,
        reason=str(gettext_lazy("Made at the payment service")),
        completed_at=timezone.now(),
    )


def _record_result(row: Refund, result: RefundResult) -> None:
    row.refund_id = result.refund_id
    row.status = {State.PAID: Refund.Status.SUCCEEDED, State.FAILED: Refund.Status.FAILED}.get(
        result.state, Refund.Status.PENDING
    )
    row.completed_at = timezone.now() if row.status != Refund.Status.PENDING else None
    # A row may hold this refund already (the gateway answered a repeated key, or its
    # notification came first): that row is the refund; it takes who asked and why.
    held = Refund.objects.filter(gateway=row.gateway, refund_id=row.refund_id).exclude(pk=row.pk)
    if row.refund_id and held.exists():
        held.update(created_by=row.created_by, reason=row.reason)
        row.delete()
    else:
        row.save()


def refund_order(order: Order, by, amount: Decimal | None = None, reason: str = "") -> Order:
    """Give the payment back through its gateway, whole (no amount, or all that is left) or
    in part. A whole refund marks the order refunded and closes access; a part keeps it paid.

    The gateway's notification arriving afterwards finds the order as this left it: a no-op.
    """
    require_refund(by)
    gateway = gateways.get(order.gateway)
    if not gateway.is_configured():
        raise PaymentsNotConfigured(
            gettext_lazy("Online payment is not configured: nothing to refund.")
        )
    order.refresh_from_db()
    if order.status == Order.Status.REFUNDED:
        return order
    if not order.can_be_refunded:
        raise RefundRefused(gettext_lazy("Only paid orders can be refunded."))
    whole = amount is None or amount == order.refundable
    if amount is not None and not (0 < amount <= order.refundable):
        raise RefundRefused(
            gettext_lazy("A refund is more than nothing and at most %(left)s.")
            % {"left": order.refundable}
        )
    if not whole and not gateway.partial_refunds:
        raise RefundRefused(gettext_lazy("This payment can only be refunded in whole."))
    amount = order.refundable if amount is None else amount
    refunded_before = order.refunded_amount
    row = Refund.objects.create(
        order=order, gateway=order.gateway, amount=amount, reason=reason[:255], created_by=by
    )
    # The whole of a never refunded payment keeps the key it always had: one refund however
    # often it is asked for (staff, the automatic refund, the sweep).
    key = (
        f"refund-{order.pk}"
        if whole and not order.refunded_amount
        else f"refund-{order.pk}-{row.pk}"
    )
    try:
        result = gateway.refund(order, amount, key=key)  # outside any lock; the key guards it
    except GatewayError as error:
        row.status = Refund.Status.FAILED
        row.save(update_fields=["status"])
        raise PaymentServiceUnavailable(
            gettext_lazy("The payment service did not accept the refund: %(reason)s")
            % {"reason": error}
        ) from error
    _record_result(row, result)
    if result.state == State.FAILED:
        raise RefundRefused(gettext_lazy("The payment service could not make the refund."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if whole:
            mark_refunded(locked, by=by, refund_id=result.refund_id)
        else:
            # max: the gateway's notification may have recorded this refund meanwhile.
            refunded = max(locked.refunded_amount, refunded_before + amount)
            record_partial_refund(locked, refunded, (result.refund_id,))
    order.refresh_from_db()
    logger.info("Order %s refunded (%s) by %s", order.pk, amount, by.pk)
    return order


# ---------------------------------------------------------------------------------------------
# A second payment for a course the learner already has


def refund_duplicate_after_commit(order_id: int) -> None:
    """Refund once the transaction that found the duplicate commits (never under its locks).
    If Stripe fails then, the order stays paid with its reason and the sweep tries again."""
    transaction.on_commit(partial(refund_duplicate, order_id), robust=True)


def refund_due_after_commit(order_id: int) -> None:
    """``refund_due`` once the transaction that set the order's refund reason commits."""
    transaction.on_commit(partial(refund_due, order_id), robust=True)


def refund_duplicate(order_id: int) -> Order | None:
    """Give back a payment that bought a course the learner already had (two tabs, an old
    Checkout page paid after a newer one): ``refund_due``."""
    return refund_due(order_id)


def refund_due(order_id: int) -> Order | None:
    """Give back a paid order the portal marked for an automatic refund (its
    ``refund_reason``: a second payment for a course, or a booking that did not take place).
    Safe to run again: a refunded order is left alone and Stripe answers a repeated request
    with the first refund.

    Returns the refunded order, or None when there is nothing to do or Stripe did not take
    the refund now (logged; the order stays "paid, refund due" for the next attempt).
    """
    order = (
        Order.objects.filter(pk=order_id, status=Order.Status.PAID)
        .exclude(refund_reason="")
        .first()
    )
    if order is None:
        return None
    if not order.payment_id:
        logger.error("Order %s is due a refund but has no payment id", order.pk)
        return None
    try:
        result = gateways.get(order.gateway).refund(
            order, order.refundable, key=f"refund-{order.pk}"
        )
    except GatewayError as error:
        logger.warning("Order %s is not refunded yet: %s", order.pk, error)
        return None
    if result.state == State.FAILED:
        logger.error("The gateway could not refund order %s: %s", order.pk, result)
        return None
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        Refund.objects.get_or_create(
            gateway=order.gateway,
            refund_id=result.refund_id or f"due-{order.pk}",
            defaults={
                "order": locked,
                "amount": result.amount,
                "reason": locked.get_refund_reason_display(),
                "status": Refund.Status.SUCCEEDED
                if result.state == State.PAID
                else Refund.Status.PENDING,
            },
        )
        mark_refunded(locked, refund_id=result.refund_id)
    logger.info("Order %s refunded automatically (%s)", order.pk, locked.refund_reason)
    return locked


def refund_due_duplicates() -> int:
    """Refund every paid order still waiting for its automatic refund (a second payment, a
    booking that did not take place; Celery beat). Returns how many were refunded now."""
    due = (
        Order.objects.filter(status=Order.Status.PAID)
        .exclude(refund_reason="")
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in list(due) if refund_due(pk) is not None)
