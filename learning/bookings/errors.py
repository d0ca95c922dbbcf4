"""Bookings' refusals, in the one family of domain errors (``core.errors``)."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound


class BookingError(DomainError):
    code = "booking_error"
    status = 400
    default_message = _("This booking cannot be made.")


class BookingNotAllowed(BookingError, NotAllowed):
    code = "booking_not_allowed"
    status = 403
    default_message = _("You cannot do this with this booking.")


class BookingNotFound(BookingError, NotFound):
    code = "booking_not_found"
    status = 404
    default_message = _("No such booking.")


class SlotTaken(BookingError, Conflict):
    """The slot is not (or no longer) free: booked by someone else, timetabled, outside the
    tutor's hours."""

    code = "slot_taken"
    status = 409
    default_message = _("This time is no longer free. Choose another slot.")


class TrialUsed(BookingError, Conflict):
    code = "trial_used"
    status = 409
    default_message = _("You have already booked a trial lesson with this tutor.")


class BookingClosed(BookingError, Conflict):
    """The booking is past the state the action needs (confirmed, declined, lapsed…)."""

    code = "booking_closed"
    status = 409
    default_message = _("This booking can no longer be changed.")


class InvalidBooking(BookingError, Invalid):
    code = "invalid_booking"
    status = 400
