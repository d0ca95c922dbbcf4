"""Offers: a tutor answers a request; the learner compares and accepts one; the accepted
times become a weekly rule for a one-person group."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.choices import Currency
from learning.schedule import recurrence
from learning.schedule import services as schedule
from learning.schedule.models import Group, RecurringLesson
from messaging.models import Conversation
from messaging.services import send_message, start_direct

from .. import notices
from ..app_settings import app_settings
from ..errors import (
    AlreadyOffered,
    AlreadyScheduled,
    OfferNotFound,
    OfferNotPending,
    OutsideHours,
    RequestClosed,
)
from ..models import Offer, OfferTime, TutorRequest
from ..permissions import require_owner, require_tutor, require_view_offer, require_view_request
from .requests import WeeklyTime, _decline_waiting, check_weekly, get_request

MAX_OFFER_TIMES = 14


def _offers() -> QuerySet[Offer]:
    return Offer.objects.select_related(
        "tutor__teacher_profile", "request__subject", "request__learner"
    ).prefetch_related("times")


def get_offer(user, offer_id: int) -> Offer:
    """An offer its tutor or the request's learner may see; 404 for anyone else."""
    offer = _offers().filter(pk=offer_id).first()
    if offer is None:
        raise OfferNotFound()
    require_view_offer(user, offer)
    return offer


def request_to_answer(tutor, request_id: int) -> TutorRequest:
    """The request a tutor is about to answer: someone who is no tutor is told so (403)
    before anything of the request is looked up."""
    require_tutor(tutor)
    return get_request(tutor, request_id)


def _check_within_hours(tutor, times: list[WeeklyTime]) -> str:
    """Each time lies inside one of the tutor's weekly ranges; returns their time zone."""
    availability = schedule.availability_of(tutor)
    if availability is None:
        raise OutsideHours(_("Set your weekly hours first: offers propose times within them."))
    ranges = list(availability.ranges.all())
    for item in times:
        if not any(
            r.weekday == item.weekday
            and r.start_time <= item.start_time
            and item.end_time <= r.end_time
            for r in ranges
        ):
            raise OutsideHours()
    return availability.timezone


@transaction.atomic
def make_offer(
    tutor,
    request: TutorRequest,
    *,
    message: str,
    price: Decimal,
    times: Iterable[WeeklyTime],
    currency: str | None = None,
) -> Offer:
    """A published tutor of the request's subject answers it, once; the learner is told."""
    require_tutor(tutor)
    require_view_request(tutor, request)
    if request.learner_id == tutor.pk:
        raise RequestClosed(_("You cannot answer your own request."))
    request = TutorRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise RequestClosed()
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a few words to the learner.")})
    if len(message) > 2000:
        raise ValidationError({"message": _("The text is too long (2000 characters at most).")})
    if price is None or price < 0:
        raise ValidationError({"price": _("Give a price per hour.")})
    currency = currency or request.currency
    if currency not in Currency.values:
        raise ValidationError({"currency": _("Choose a currency.")})
    times = check_weekly(times, "times", most=MAX_OFFER_TIMES)
    zone = _check_within_hours(tutor, times)
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                request=request,
                tutor=tutor,
                message=message,
                price=price,
                currency=currency,
                timezone=zone,
            )
    except IntegrityError as error:
        raise AlreadyOffered() from error  # the unique (request, tutor) decides, races too
    OfferTime.objects.bulk_create(
        OfferTime(offer=offer, weekday=t.weekday, start_time=t.start_time, end_time=t.end_time)
        for t in times
    )
    notices.offer_received(offer)
    return offer


@transaction.atomic
def withdraw_offer(tutor, offer: Offer) -> Offer:
    """The tutor takes back an offer still waiting."""
    offer = Offer.objects.select_for_update().filter(pk=offer.pk, tutor=tutor).first()
    if offer is None:
        raise OfferNotFound()
    if offer.status != Offer.Status.SENT:
        raise OfferNotPending()
    offer.status, offer.answered_at = Offer.Status.WITHDRAWN, timezone.now()
    offer.save(update_fields=["status", "answered_at"])
    return offer


def offers_for(learner, request: TutorRequest) -> QuerySet[Offer]:
    """Every offer to the learner's own request (withdrawn ones aside), oldest first; nobody
    else's: a tutor never sees another tutor's offer."""
    require_owner(learner, request)
    return (
        _offers()
        .filter(request=request)
        .exclude(status=Offer.Status.WITHDRAWN)
        .order_by("created_at", "pk")
    )


@transaction.atomic
def accept_offer(learner, offer: Offer) -> Conversation:
    """The learner takes one offer: the request closes, the other waiting offers are
    declined (their tutors told kindly), and a conversation with the tutor opens with the
    offer's message as its first message. Returns the conversation."""
    request = TutorRequest.objects.select_for_update().filter(pk=offer.request_id).first()
    if request is None:
        raise OfferNotFound()
    require_owner(learner, request)  # locked first: two accepts at once, one wins
    offer = Offer.objects.select_for_update().select_related("tutor").get(pk=offer.pk)
    if not request.is_open:
        raise RequestClosed()
    if offer.status != Offer.Status.SENT:
        raise OfferNotPending()
    now = timezone.now()
    offer.status, offer.answered_at = Offer.Status.ACCEPTED, now
    offer.save(update_fields=["status", "answered_at"])
    request.status, request.closed_at = TutorRequest.Status.CLOSED, now
    request.save(update_fields=["status", "closed_at"])
    _decline_waiting(request, why="chosen", but=offer)
    # The learner opens it (anyone may write to a published tutor); the tutor's offer is
    # what they said first, so it is the first message, from them.
    conversation, _created = start_direct(learner, offer.tutor)
    send_message(offer.tutor, conversation, offer.message)
    offer.request = request
    notices.offer_accepted(offer)
    return conversation


def _first_day(request: TutorRequest, zone: str) -> date:
    today = timezone.now().astimezone(recurrence.zone(zone)).date()
    return max(request.start_date, today)


@transaction.atomic
def schedule_from_offer(tutor, offer: Offer, *, weeks: int | None = None) -> Group:
    """The tutor puts an accepted offer's times on the timetable: a one-person group with the
    learner and a weekly rule per proposed time, from the request's start date (or today)
    for ``weeks`` (``REQUESTS_SCHEDULE_WEEKS``). Once per offer; a clash with the tutor's
    timetable is refused by the timetable's own checks."""
    offer = (
        Offer.objects.select_for_update()
        .select_related("request__learner", "request__subject")
        .filter(pk=offer.pk, tutor=tutor)
        .first()
    )
    if offer is None:
        raise OfferNotFound()
    if offer.status != Offer.Status.ACCEPTED:
        raise OfferNotPending(_("Only an accepted offer can be put on the timetable."))
    if offer.group_id is not None:
        raise AlreadyScheduled()
    weeks = weeks or app_settings.REQUESTS_SCHEDULE_WEEKS
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("Give from 1 to 52 weeks.")})
    request = offer.request
    learner = request.learner
    name = f"{request.subject.name} · {learner.get_full_name() or learner.get_short_name()}"
    group = schedule.create_group(tutor, name[:200])
    schedule.admit(group, learner)  # the learner agreed by accepting the offer
    first = _first_day(request, offer.timezone)
    last = first + timedelta(days=7 * weeks - 1)
    for item in offer.times.all():
        schedule.create_rule(
            tutor,
            group,
            title=request.subject.name,
            weekday=item.weekday,
            week_type=RecurringLesson.WeekType.ALL,
            start_time=item.start_time,
            end_time=item.end_time,
            start_date=first,
            end_date=last,
            timezone=offer.timezone,
        )
    offer.group = group
    offer.save(update_fields=["group"])
    notices.lessons_scheduled(offer)
    return group


def own_offer(tutor, request: TutorRequest) -> Offer | None:
    """The tutor's own offer to the request, if they made one."""
    return _offers().filter(request=request, tutor=tutor).first()


def accepted_offers(tutor) -> QuerySet[Offer]:
    """The tutor's accepted offers not yet on the timetable (the board's "put on timetable")."""
    return (
        _offers()
        .filter(tutor=tutor, status=Offer.Status.ACCEPTED, group__isnull=True)
        .order_by("-answered_at", "-pk")
    )
