"""Posting, reading, closing and expiring requests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.permissions import is_signed_in, require
from courses.choices import Currency
from courses.models import Category
from learning.schedule import recurrence

from .. import notices
from ..app_settings import app_settings
from ..errors import RequestNotFound, TooManyRequests
from ..models import Format, Level, Offer, RequestWindow, TutorRequest
from ..permissions import board_filter, require_owner, require_tutor, require_view_request
from .matching import Match, match

# Sent after a request is stored; ``signals.py`` enqueues the tutors' notices on commit.
request_posted = Signal()

MAX_WINDOWS = 21
MAX_START_DAYS = 366
Status = TutorRequest.Status


@dataclass(frozen=True)
class WeeklyTime:
    """Every week on ``weekday`` (0 = Monday) from ``start_time`` to ``end_time``."""

    weekday: int
    start_time: time
    end_time: time


def check_zone(name: str, field: str = "timezone") -> str:
    try:
        recurrence.zone(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValidationError({field: _("Unknown time zone.")}) from error
    return name


def check_weekly(times: Iterable[WeeklyTime], field: str, *, most: int = MAX_WINDOWS) -> list:
    """At least one, at most ``most``; each ends after it starts; one day's do not overlap."""
    times = list(times)
    if not times:
        raise ValidationError({field: _("Give at least one weekly time.")})
    if len(times) > most:
        raise ValidationError({field: _("Give %(most)d weekly times at most.") % {"most": most}})
    by_day: dict[int, list[tuple[time, time]]] = {}
    for item in times:
        if item.weekday not in range(7):
            raise ValidationError({field: _("Give a weekday from 0 (Monday) to 6 (Sunday).")})
        if item.end_time <= item.start_time:
            raise ValidationError({field: _("A range must end after it starts.")})
        by_day.setdefault(item.weekday, []).append((item.start_time, item.end_time))
    for spans in by_day.values():
        spans.sort()
        for (_s1, end), (start, _e2) in zip(spans, spans[1:], strict=False):
            if start < end:
                raise ValidationError({field: _("Ranges of one day must not overlap.")})
    return times


def _clean(
    *,
    subject,
    level: str,
    goal: str,
    format: str,
    budget: Decimal | None,
    currency: str,
    language: str,
    timezone_name: str,
    start_date: date,
) -> str:
    if not isinstance(subject, Category):
        raise ValidationError({"subject": _("Choose a subject.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    if format not in Format.values:
        raise ValidationError({"format": _("Choose a format.")})
    goal = (goal or "").strip()
    if not goal:
        raise ValidationError({"goal": _("Say what you want to achieve.")})
    if len(goal) > 2000:
        raise ValidationError({"goal": _("The text is too long (2000 characters at most).")})
    if budget is not None and budget < 0:
        raise ValidationError({"budget": _("The budget cannot be negative.")})
    if currency not in Currency.values:
        raise ValidationError({"currency": _("Choose a currency.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language.")})
    check_zone(timezone_name)
    today = timezone.now().astimezone(recurrence.zone(timezone_name)).date()
    if start_date < today:
        raise ValidationError({"start_date": _("The start date has passed.")})
    if start_date > today + timedelta(days=MAX_START_DAYS):
        raise ValidationError({"start_date": _("Choose a start date within a year.")})
    return goal


@transaction.atomic
def post_request(
    learner,
    *,
    subject: Category,
    level: str,
    goal: str,
    windows: Iterable[WeeklyTime],
    language: str,
    start_date: date,
    format: str = Format.ONE_TO_ONE,
    budget: Decimal | None = None,
    currency: str = Currency.RUB,
    timezone_name: str = settings.TIME_ZONE,
) -> TutorRequest:
    """A learner's request, open for ``REQUESTS_EXPIRE_DAYS``; the best-matching tutors are
    told after the commit (``signals.py``)."""
    require(is_signed_in(learner) and learner.is_active)
    goal = _clean(
        subject=subject,
        level=level,
        goal=goal,
        format=format,
        budget=budget,
        currency=currency,
        language=language,
        timezone_name=timezone_name,
        start_date=start_date,
    )
    windows = check_weekly(windows, "windows")
    # One learner's requests are counted under a lock on their row: two posts at once
    # cannot both pass the limit.
    User.objects.select_for_update().filter(pk=learner.pk).first()
    open_now = TutorRequest.objects.filter(
        learner=learner, status=Status.OPEN, expires_at__gt=timezone.now()
    ).count()
    if open_now >= app_settings.REQUESTS_OPEN_PER_LEARNER:
        raise TooManyRequests()
    now = timezone.now()
    request = TutorRequest.objects.create(
        learner=learner,
        subject=subject,
        level=level,
        goal=goal,
        format=format,
        budget=budget,
        currency=currency,
        language=language,
        timezone=timezone_name,
        start_date=start_date,
        created_at=now,
        expires_at=now + timedelta(days=app_settings.REQUESTS_EXPIRE_DAYS),
    )
    RequestWindow.objects.bulk_create(
        RequestWindow(
            request=request, weekday=w.weekday, start_time=w.start_time, end_time=w.end_time
        )
        for w in windows
    )
    request_posted.send(sender=TutorRequest, request=request)
    return request


def _requests() -> QuerySet[TutorRequest]:
    return TutorRequest.objects.select_related("subject", "learner").prefetch_related("windows")


def get_request(user, request_id: int) -> TutorRequest:
    """A request this person may see (its learner; a tutor of its subject while it is open,
    or who answered it); 404 otherwise."""
    request = _requests().filter(pk=request_id).first()
    if request is None:
        raise RequestNotFound()
    require_view_request(user, request)
    return request


def requests_of(learner) -> QuerySet[TutorRequest]:
    """The learner's own requests, newest first, with their offers counted in one query."""
    if not is_signed_in(learner):
        return TutorRequest.objects.none()
    return _requests().filter(learner=learner).order_by("-created_at", "-pk")


def requests_board(tutor) -> QuerySet[TutorRequest]:
    """Every open request in the tutor's subjects, newest first; each carries the tutor's own
    offer, if any, as ``my_offers`` (a list of at most one)."""
    require_tutor(tutor)
    own = (
        Offer.objects.filter(tutor=tutor)
        .select_related("tutor__teacher_profile")
        .prefetch_related("times")
    )
    return (
        _requests()
        .filter(board_filter(tutor))
        .prefetch_related(Prefetch("offers", queryset=own, to_attr="my_offers"))
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def close_request(learner, request: TutorRequest) -> TutorRequest:
    """The learner closes their open request; offers still waiting are declined, their tutors
    told kindly. Closing a closed or expired request changes nothing."""
    require_owner(learner, request)
    request = TutorRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.OPEN:
        return request
    request.status, request.closed_at = Status.CLOSED, timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _decline_waiting(request, why="closed")
    return request


def _decline_waiting(request: TutorRequest, *, why: str, but: Offer | None = None) -> list[Offer]:
    waiting = Offer.objects.filter(request=request, status=Offer.Status.SENT).select_related(
        "tutor"
    )
    if but is not None:
        waiting = waiting.exclude(pk=but.pk)
    offers = list(waiting)
    Offer.objects.filter(pk__in=[o.pk for o in offers]).update(
        status=Offer.Status.DECLINED, answered_at=timezone.now()
    )
    notices.offers_declined(offers, request, why=why)
    return offers


def expire_requests() -> int:
    """Celery beat: open requests past ``expires_at`` become expired (each in its own
    transaction, locked, so a learner accepting an offer at that moment wins or loses
    cleanly); the learner and the waiting offers' tutors are told. Returns how many."""
    due = TutorRequest.objects.filter(
        status=Status.OPEN, expires_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    expired = 0
    for pk in list(due[:1000]):
        with transaction.atomic():
            request = (
                TutorRequest.objects.select_for_update()
                .select_related("subject", "learner")
                .filter(pk=pk, status=Status.OPEN, expires_at__lte=timezone.now())
                .first()
            )
            if request is None:
                continue
            request.status, request.closed_at = Status.EXPIRED, timezone.now()
            request.save(update_fields=["status", "closed_at"])
            _decline_waiting(request, why="expired")
            notices.request_expired(request)
            expired += 1
    return expired


def matches_for(learner, request: TutorRequest, *, limit: int = 20) -> list[Match]:
    """The learner's own request's best tutors, explained (``matching.match``)."""
    require_owner(learner, request)
    return match(request, limit=limit)


def notify_matching_tutors(request_id: int) -> int:
    """Tell the ``REQUESTS_NOTIFY_TUTORS`` best tutors of a request still open (keyed: a
    retry tells nobody twice); returns how many were told now."""
    request = _requests().filter(pk=request_id).first()
    if request is None or not request.is_open:
        return 0
    best = match(request, limit=app_settings.REQUESTS_NOTIFY_TUTORS)
    return notices.new_request(request, [m.tutor for m in best])
