"""Bookings of a tutor's free slots: a trial or a paid single lesson, the tutor's answer,
and what lapses unanswered (one module each: ``booking``, ``decisions``, ``reading``)."""

from .booking import book, booking_paid, booking_refunded, cancel, held_spans
from .common import PURPOSE
from .decisions import confirm, decline, lapse_overdue
from .reading import bookings_for

__all__ = [
    "PURPOSE",
    "book",
    "booking_paid",
    "booking_refunded",
    "bookings_for",
    "cancel",
    "confirm",
    "decline",
    "held_spans",
    "lapse_overdue",
]
