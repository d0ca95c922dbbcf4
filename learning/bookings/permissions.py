"""Who may do what with a booking: ``can_*`` predicates for what to show, ``require_*``
checks the services call.

A booking is its learner's and its tutor's business: to anyone else it does not exist (404).
The learner books and cancels; the tutor confirms and declines.
"""

from __future__ import annotations

from core.permissions import is_signed_in

from .errors import BookingNotAllowed, BookingNotFound
from .models import Booking


def is_party(user, booking: Booking) -> bool:
    return is_signed_in(user) and user.pk in (booking.learner_id, booking.tutor_id)


def can_answer(user, booking: Booking) -> bool:
    """The tutor confirms or declines a request still waiting."""
    return (
        is_signed_in(user)
        and user.pk == booking.tutor_id
        and booking.status == Booking.Status.REQUESTED
    )


def can_cancel(user, booking: Booking) -> bool:
    """The learner withdraws a request before the tutor confirms it."""
    return (
        is_signed_in(user)
        and user.pk == booking.learner_id
        and booking.status == Booking.Status.REQUESTED
    )


def require_party(user, booking: Booking) -> None:
    if not is_party(user, booking):
        raise BookingNotFound


def require_tutor(user, booking: Booking) -> None:
    require_party(user, booking)
    if user.pk != booking.tutor_id:
        raise BookingNotAllowed(BookingNotAllowed.default_message)


def require_learner(user, booking: Booking) -> None:
    require_party(user, booking)
    if user.pk != booking.learner_id:
        raise BookingNotAllowed(BookingNotAllowed.default_message)
