"""The tutor's answer to a booking, and the ones nobody answered in time.

Confirming makes the lesson through the timetable's own services (a one-person group for the
pair, reused for their later bookings, and a one-off lesson), so the calendars, reminders and
the video pool treat it like any other lesson.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from learning.payments.models import Order
from learning.schedule.models import Group
from learning.schedule.services import admit, create_group, create_lesson

from .. import notices
from ..errors import BookingClosed, InvalidBooking
from ..models import Booking
from ..permissions import require_tutor
from .common import close, locked, require_requested

logger = logging.getLogger(__name__)

MAX_REASON = 1000


def _pair_group(booking: Booking) -> Group:
    """The pair's one-person group: the one an earlier booking of theirs made, else new."""
    earlier = (
        Booking.objects.filter(
            tutor=booking.tutor,
            learner=booking.learner,
            group__isnull=False,
            group__teacher=booking.tutor,
        )
        .select_related("group")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if earlier is not None:
        return earlier.group
    learner = booking.learner
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Individual: %(name)s") % {"name": learner.get_full_name() or learner.email}
    return create_group(booking.tutor, name[:200])


@transaction.atomic
def confirm(tutor, booking: Booking) -> Booking:
    """The tutor takes the booking: the pair's group gets a one-off lesson at its time.

    Refused once the deadline has passed, before a paid booking is paid, or when the tutor's
    timetable has something else at that time now (the timetable's ``Conflict``)."""
    require_tutor(tutor, booking)
    booking = locked(booking)
    require_requested(booking)
    if booking.deadline <= timezone.now():
        raise BookingClosed(_("The time to confirm this booking has passed."))
    if booking.order is not None and booking.order.status != Order.Status.PAID:
        raise BookingClosed(_("The learner has not paid for this lesson yet."))
    group = _pair_group(booking)
    admit(group, booking.learner)  # the booking is the learner's own "yes"
    with translation.override(settings.LANGUAGE_CODE):
        title = str(booking.get_kind_display())
    lesson, warning = create_lesson(
        booking.tutor, group, title=title, start=booking.start, end=booking.end
    )
    if warning:
        logger.info("Booking %s confirmed with a capacity warning: %s", booking.pk, warning)
    booking.status = Booking.Status.CONFIRMED
    booking.decided_at = timezone.now()
    booking.group, booking.lesson = group, lesson
    booking.save()
    notices.confirmed(booking)
    return booking


@transaction.atomic
def decline(tutor, booking: Booking, reason: str) -> Booking:
    """The tutor turns the booking down, saying why; a payment goes back automatically."""
    require_tutor(tutor, booking)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidBooking(_("Say why you decline: the learner will read it."), field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidBooking(
            _("The reason is too long (%(max)s characters at most).") % {"max": MAX_REASON},
            field="reason",
        )
    booking = locked(booking)
    require_requested(booking)
    close(booking, Booking.Status.DECLINED, decline_reason=reason)
    notices.declined(booking)
    return booking


def lapse_overdue() -> int:
    """Every request still waiting past its deadline lapses (Celery beat): the slot is free,
    a payment goes back, the learner (and the tutor, if asked) hear of it. Each in its own
    transaction; safe to run again or twice at once. Returns how many lapsed now."""
    due = Booking.objects.filter(
        status=Booking.Status.REQUESTED, deadline__lte=timezone.now()
    ).values_list("pk", flat=True)
    lapsed = 0
    for pk in list(due):
        with transaction.atomic():
            booking = locked(Booking(pk=pk, order_id=_order_id(pk)))
            if booking.status != Booking.Status.REQUESTED or booking.deadline > timezone.now():
                continue
            unpaid = booking.order is not None and booking.order.status == Order.Status.PENDING
            close(booking, Booking.Status.LAPSED)
            notices.lapsed(booking, unpaid=unpaid)
            lapsed += 1
    return lapsed


def _order_id(pk: int) -> int | None:
    return Booking.objects.filter(pk=pk).values_list("order_id", flat=True).first()
