"""What the booking services share: the row locks, closing a booking and its money."""

from __future__ import annotations

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.payments.models import Order
from learning.payments.services import close_checkout, refund_due_after_commit

from ..errors import BookingClosed, SlotTaken, TrialUsed
from ..models import Booking

PURPOSE = "booking"


def locked(booking: Booking) -> Booking:
    """The booking's row (and its order's first, if it has one) locked until the transaction
    ends. Order before booking, as Stripe's webhook takes them (its payment, its order, then
    the booking through ``purposes``), so the two never wait on each other in a circle."""
    if booking.order_id is not None:
        list(Order.objects.select_for_update().filter(pk=booking.order_id).values_list("pk"))
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("learner", "tutor", "order")
        .get(pk=booking.pk)
    )


def require_requested(booking: Booking) -> None:
    if booking.status == Booking.Status.CONFIRMED:
        raise BookingClosed(_("This booking is already confirmed."))
    if booking.status != Booking.Status.REQUESTED:
        raise BookingClosed


def give_money_back(booking: Booking) -> None:
    """A booking that will not take place: a paid order is refunded after the commit
    (payments' sweep tries again if Stripe does not take it at once); a pending one is
    cancelled and its Checkout page closed. The order's row is locked (``locked``)."""
    order = booking.order
    if order is None:
        return
    if order.status == Order.Status.PAID:
        if not order.refund_reason:
            order.refund_reason = Order.RefundReason.WITHDRAWN
            order.save(update_fields=["refund_reason"])
        refund_due_after_commit(order.pk)
    elif order.status == Order.Status.PENDING:
        close_checkout(order)


def close(booking: Booking, status: str, **fields) -> Booking:
    """End a requested booking (declined, lapsed, cancelled): the slot is free again."""
    booking.status = status
    booking.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(booking, name, value)
    booking.save()
    give_money_back(booking)
    return booking


def integrity_refusal(error: IntegrityError) -> Exception:
    """The database's refusal in the booking's words (which constraint said no)."""
    text = str(error)
    # PostgreSQL names the constraint; SQLite names its columns.
    if "one_trial_per_learner_and_tutor" in text or "learner_id" in text:
        return TrialUsed()
    return SlotTaken()


__all__ = [
    "PURPOSE",
    "close",
    "give_money_back",
    "integrity_refusal",
    "locked",
    "require_requested",
]
