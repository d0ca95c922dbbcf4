"""A tutor's available hours and their free time: the hours minus the timetable.

The weekly ranges are wall-clock times in the tutor's time zone (a DST change keeps 18:00 at
18:00); a date with exceptions has the exceptions' ranges instead (none: a day off). Free
time is cut into slots of ``slot_minutes`` from each range's start, and a slot is free when
no lesson the tutor teaches or attends overlaps it. The timetable is read through the same
expansion as the calendar (``timetable.collect``: rules, exceptions, moves, stored lessons),
so its cost grows with the window, never with the timetable's history: five queries, and
one per registered busy-time provider (``extensions``: bookings' held slots).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .. import extensions, recurrence
from ..models import Availability, AvailabilityException, AvailabilityRange
from ..permissions import require_can_set_availability
from .timetable import check_window, collect, people_filters

MAX_FREE_SLOT_DAYS = 14
SLOT_MINUTES = (15, 30, 45, 60, 90, 120)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, in the tutor's time zone
    end: datetime


@dataclass(frozen=True)
class Hours:
    """A range of one weekday (``weekday``) or one date (``date``); a date without times is
    a day off."""

    start_time: time | None
    end_time: time | None
    weekday: int | None = None
    date: date | None = None


def availability_of(tutor) -> Availability | None:
    """The tutor's hours with their ranges and exceptions (three queries), or None."""
    return Availability.objects.filter(tutor=tutor).prefetch_related("ranges", "exceptions").first()


def _check_zone(name: str) -> str:
    try:
        recurrence.zone(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError({"timezone": _("Unknown time zone.")}) from error
    return name


def _check_hours(ranges: Iterable[Hours], field: str, key: str) -> None:
    """Each range ends after it starts, and ranges of one day do not overlap."""
    by_day: dict = {}
    for hours in ranges:
        if hours.start_time is None and hours.end_time is None and field == "exceptions":
            by_day.setdefault(getattr(hours, key), [])
            continue
        if hours.start_time is None or hours.end_time is None:
            raise ValidationError({field: _("Give both times of a range.")})
        if hours.end_time <= hours.start_time:
            raise ValidationError({field: _("A range must end after it starts.")})
        by_day.setdefault(getattr(hours, key), []).append((hours.start_time, hours.end_time))
    for spans in by_day.values():
        spans.sort()
        for (_s1, end), (start, _e2) in zip(spans, spans[1:], strict=False):
            if start < end:
                raise ValidationError({field: _("Ranges of one day must not overlap.")})


@transaction.atomic
def set_availability(
    user, *, timezone: str, ranges: Iterable[Hours], exceptions: Iterable[Hours] = ()
) -> Availability:
    """Replace the tutor's own hours: their time zone, weekly ranges and date exceptions."""
    require_can_set_availability(user)
    ranges, exceptions = list(ranges), list(exceptions)
    _check_zone(timezone)
    if any(h.weekday is None or not 0 <= h.weekday <= 6 for h in ranges):
        raise ValidationError({"ranges": _("Give a weekday from 0 (Monday) to 6 (Sunday).")})
    if any(h.date is None for h in exceptions):
        raise ValidationError({"exceptions": _("Give the date of each exception.")})
    _check_hours(ranges, "ranges", "weekday")
    _check_hours(exceptions, "exceptions", "date")
    availability, _created = Availability.objects.select_for_update().get_or_create(tutor=user)
    availability.timezone = timezone
    availability.save()
    availability.ranges.all().delete()
    availability.exceptions.all().delete()
    AvailabilityRange.objects.bulk_create(
        AvailabilityRange(
            availability=availability,
            weekday=h.weekday,
            start_time=h.start_time,
            end_time=h.end_time,
        )
        for h in ranges
    )
    AvailabilityException.objects.bulk_create(
        AvailabilityException(
            availability=availability, date=h.date, start_time=h.start_time, end_time=h.end_time
        )
        for h in exceptions
    )
    return availability_of(user)


def tutors_with_hours(weekdays: Collection[int], spans: Collection[tuple[time, time]]) -> QuerySet:
    """User ids of the tutors whose weekly hours meet any span on any of the weekdays (the
    tutor list's "free on", ``courses.free_time``): a subquery, not a list."""
    meets = Q()
    for opens, closes in spans:
        meets |= Q(start_time__lt=closes, end_time__gt=opens)
    return (
        AvailabilityRange.objects.filter(meets, weekday__in=list(weekdays))
        .values("availability__tutor_id")
        .distinct()
    )


def open_hours(availability: Availability, start: datetime, end: datetime) -> list[Slot]:
    """The available ranges meeting [start, end) as aware spans (whole, not clipped: slots
    step from a range's start whatever the window)."""
    tz = recurrence.zone(availability.timezone)
    weekly: dict[int, list[tuple[time, time]]] = {}
    for r in availability.ranges.all():
        weekly.setdefault(r.weekday, []).append((r.start_time, r.end_time))
    dated: dict[date, list[tuple[time, time]]] = {}
    for e in availability.exceptions.all():
        spans = dated.setdefault(e.date, [])
        if e.start_time is not None:
            spans.append((e.start_time, e.end_time))
    spans = []
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        hours = dated[day] if day in dated else weekly.get(day.weekday(), [])
        for opens, closes in hours:
            begin = recurrence.wall_clock(day, opens, tz)
            finish = recurrence.wall_clock(day, closes, tz)
            if begin < end and finish > start:
                spans.append(Slot(begin, finish))
        day += DAY
    return spans


def free_slots(tutor, start: datetime, end: datetime, *, slot_minutes: int = 60) -> list[Slot]:
    """The tutor's free slots of ``slot_minutes`` within [start, end), sorted by start.

    A slot lies inside an available range (slots step from the range's start in real time,
    so one across a DST change is still ``slot_minutes`` long) and overlaps no lesson the
    tutor teaches or attends (cancelled ones aside) nor any span held for them
    (``extensions.busy_time``: bookings). A tutor without hours has none.
    """
    start, end = check_window(start, end)
    if slot_minutes <= 0:
        raise ValidationError({"slot_minutes": _("Give a positive number of minutes.")})
    availability = availability_of(tutor)
    if availability is None:
        return []
    spans = open_hours(availability, start, end)
    if not spans:
        return []
    rules, lessons = people_filters(tutor)
    busy = [(o.start, o.end) for o in collect(rules, lessons, start, end)]
    busy += extensions.busy_time(tutor, start, end)  # held outside the timetable (bookings)
    tz = recurrence.zone(availability.timezone)
    length = timedelta(minutes=slot_minutes)
    slots: list[Slot] = []
    for span in spans:
        at = span.start.astimezone(UTC)
        while at + length <= span.end:
            slot_end = at + length
            inside = at >= start and slot_end <= end
            if inside and not any(b_start < slot_end and b_end > at for b_start, b_end in busy):
                slots.append(Slot(at.astimezone(tz), slot_end.astimezone(tz)))
            at = slot_end
    return slots
