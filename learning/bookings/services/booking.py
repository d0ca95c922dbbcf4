"""A learner books a tutor's free slot, pays for it if it costs, or withdraws it.

The slot is checked against the tutor's free time (their hours minus their timetable and the
slots other bookings hold) under a row lock on the tutor's hours, so bookings of one tutor
are made one at a time; the database's constraints (``models``) are the last word if two
get past the check at once. Stripe is called only after that transaction commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import require_verified_email
from core.permissions import is_signed_in
from courses.models import TutorPage
from learning.payments.errors import PaymentError
from learning.payments.services import create_order, open_checkout_page
from learning.schedule.models import Availability
from learning.schedule.services import free_slots

from .. import notices
from ..app_settings import app_settings
from ..errors import BookingNotAllowed, InvalidBooking, SlotTaken, TrialUsed
from ..models import ACTIVE, Booking
from ..permissions import require_learner
from .common import PURPOSE, close, integrity_refusal, locked, require_requested

# Stripe keeps a Checkout page open at least this long (its own lower limit).
STRIPE_MIN_PAGE = timedelta(minutes=30, seconds=30)


def _check_request(learner, page: TutorPage, start: datetime, kind: str) -> None:
    if not is_signed_in(learner):
        raise BookingNotAllowed(_("Sign in to book a lesson."))
    if not page.live or page.user_id is None:
        raise InvalidBooking(_("This tutor cannot be booked."), field="tutor")
    if page.user_id == learner.pk:
        raise BookingNotAllowed(_("You cannot book a lesson with yourself."))
    if kind not in Booking.Kind.values:
        raise InvalidBooking(_("Choose a trial or a single lesson."), field="kind")
    if timezone.is_naive(start):
        raise InvalidBooking(_("Give the start with its time zone."), field="start")
    now = timezone.now()
    if start <= now:
        raise InvalidBooking(_("This time has passed."), field="start")
    if start > now + timedelta(days=app_settings.BOOKINGS_WINDOW_DAYS):
        raise InvalidBooking(
            _("Lessons can be booked at most %(days)s days ahead.")
            % {"days": app_settings.BOOKINGS_WINDOW_DAYS},
            field="start",
        )
    require_verified_email(learner)  # the tutor's time is held: a real address answers for it


def _price(page: TutorPage, kind: str) -> Decimal:
    """A trial is free; a single lesson costs the tutor's price per hour for its length."""
    if kind == Booking.Kind.TRIAL:
        return Decimal(0)
    minutes = Decimal(app_settings.BOOKINGS_LESSON_MINUTES)
    return (page.hourly_price * minutes / 60).quantize(Decimal("0.01"))


def _slot_is_free(tutor, start: datetime, end: datetime) -> bool:
    minutes = app_settings.BOOKINGS_LESSON_MINUTES
    return any(
        slot.start == start and slot.end == end
        for slot in free_slots(tutor, start, end, slot_minutes=minutes)
    )


def _deadline(now: datetime, start: datetime, paid: bool) -> datetime:
    if paid:  # the slot is held while the learner pays; the tutor's time starts once paid
        return min(now + timedelta(minutes=app_settings.BOOKINGS_PAYMENT_HOLD_MINUTES), start)
    return min(now + timedelta(hours=app_settings.BOOKINGS_CONFIRM_HOURS), start)


def _title(page: TutorPage, kind: str) -> str:
    name = page.user.get_full_name() or page.title
    if kind == Booking.Kind.TRIAL:
        return _("Trial lesson with %(tutor)s") % {"tutor": name}
    return _("Lesson with %(tutor)s") % {"tutor": name}


@transaction.atomic
def _hold(learner, page: TutorPage, start: datetime, kind: str) -> Booking:
    tutor = page.user
    end = start + timedelta(minutes=app_settings.BOOKINGS_LESSON_MINUTES)
    # One booking of this tutor at a time (PostgreSQL; SQLite serialises writers anyway).
    hours = Availability.objects.select_for_update().filter(tutor=tutor).first()
    if hours is None or not _slot_is_free(tutor, start, end):
        raise SlotTaken
    if (
        kind == Booking.Kind.TRIAL
        and Booking.objects.filter(
            learner=learner, tutor=tutor, kind=Booking.Kind.TRIAL, status__in=ACTIVE
        ).exists()
    ):
        raise TrialUsed
    price = _price(page, kind)
    order = None
    if price > 0:
        order = create_order(
            learner,
            purpose=PURPOSE,
            title=_title(page, kind),
            amount=price,
            currency=page.currency,
        )
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                learner=learner,
                tutor=tutor,
                tutor_page=page,
                start=start,
                end=end,
                kind=kind,
                price=price,
                currency=page.currency,
                deadline=_deadline(timezone.now(), start, paid=order is not None),
                order=order,
            )
    except IntegrityError as error:
        raise integrity_refusal(error) from error
    if order is None:
        notices.requested(booking)
    return booking


def book(
    learner,
    page: TutorPage,
    start: datetime,
    kind: str,
    *,
    success_url: str = "",
    cancel_url: str = "",
) -> tuple[Booking, str | None]:
    """Book a free slot of the tutor (by their page, which sets the price).

    A trial is free and once per learner and tutor (while one is requested or confirmed); a
    single lesson costs the tutor's price per hour: the booking holds the slot for
    ``BOOKINGS_PAYMENT_HOLD_MINUTES`` while the learner pays on Stripe's page, whose address
    is returned (None for a free booking). The tutor hears of a booking once it is free or
    paid, and has ``BOOKINGS_CONFIRM_HOURS`` (never past the start) to answer.
    """
    _check_request(learner, page, start, kind)
    booking = _hold(learner, page, start, kind)
    if booking.order is None:
        return booking, None
    page_closes = max(booking.deadline, timezone.now() + STRIPE_MIN_PAGE)
    try:
        _order, url = open_checkout_page(
            booking.order, success_url, cancel_url, expires_at=page_closes
        )
    except PaymentError:
        # No page, nothing charged: the slot goes back at once.
        with transaction.atomic():
            current = locked(booking)
            if current.status == Booking.Status.REQUESTED:
                close(current, Booking.Status.CANCELLED)
        raise
    return booking, url


@transaction.atomic
def cancel(learner, booking: Booking) -> Booking:
    """The learner withdraws a request before the tutor confirms it; money paid goes back."""
    require_learner(learner, booking)
    booking = locked(booking)
    require_requested(booking)
    announced = notices.was_announced(booking)
    close(booking, Booking.Status.CANCELLED)
    if announced:
        notices.withdrawn(booking)
    return booking


# ---------------------------------------------------------------------------------------------
# What payments and the timetable ask (registered in AppConfig.ready()).


def booking_paid(order) -> bool:
    """Stripe says the booking's order is paid (its row locked): the tutor is asked now.

    False when the booking is off already (declined, lapsed, cancelled while the learner
    paid): payments gives the money back."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("learner", "tutor", "order")
        .filter(order=order)
        .first()
    )
    if booking is None or booking.status != Booking.Status.REQUESTED:
        return False
    now = timezone.now()
    booking.deadline = _deadline(now, booking.start, paid=False)
    booking.save(update_fields=["deadline"])
    booking.order = order
    if booking.start > now:
        notices.requested(booking)
    return True


def booking_refunded(order) -> None:
    """The booking's payment went back (ours, or staff's in Stripe's dashboard): a request
    still waiting is off, and the learner hears of the refund."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("learner", "tutor")
        .filter(order=order)
        .first()
    )
    if booking is None:
        return
    booking.order = order
    if booking.status == Booking.Status.REQUESTED:
        booking.status = Booking.Status.CANCELLED
        booking.decided_at = timezone.now()
        booking.save(update_fields=["status", "decided_at"])
    notices.refunded(booking)


def held_spans(tutor, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The spans active bookings hold the tutor for within [start, end) (one query)."""
    return list(
        Booking.objects.filter(
            tutor=tutor, status__in=ACTIVE, start__lt=end, end__gt=start
        ).values_list("start", "end")
    )
