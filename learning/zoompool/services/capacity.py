"""Capacity planning: the timetable against the pool's size (the timetable asks through its
``extensions`` registry; the admin's peak-use page reads a week)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import ngettext

from learning.schedule.errors import Conflict
from learning.schedule.models import LiveLesson
from learning.schedule.services import all_occurrences

from ..app_settings import app_settings
from .pool import pool_size, when_label


def _intervals(start: datetime, end: datetime, *, ignore_key: str | None = None) -> list:
    """(start, end) of every timetabled lesson overlapping [start, end), cancelled ones aside."""

    cancelled = LiveLesson.Status.CANCELLED
    return [
        (o.start, o.end)
        for o in all_occurrences(start, end)
        if o.start < end and o.end > start and o.status != cancelled and o.key != ignore_key
    ]


def _peak(intervals: Iterable[tuple[datetime, datetime]], start: datetime, end: datetime):
    """(most at once within [start, end), the first moment it happens). Ends free a slot
    before starts at the same moment take one (half-open intervals)."""
    events = []
    for s, e in intervals:
        events.append((max(s, start), 1))
        events.append((min(e, end), -1))
    events.sort(key=lambda item: (item[0], item[1]))
    running = best = 0
    moment = start
    for at, change in events:
        running += change
        if running > best:
            best, moment = running, at
    return best, moment


def capacity_warning(
    start: datetime, end: datetime, *, ignore_key: str | None = None
) -> str | None:
    """A warning when a lesson in [start, end) would make more lessons run at once than there
    are active pool accounts; None when it fits. ``ignore_key`` leaves out the occurrence
    being created or moved (its Occurrence.key), should the timetable already hold it.
    Without any active account there is nothing to plan and no warning. ``check_capacity``
    makes it a hard limit when the settings say so."""
    others, moment = _peak(_intervals(start, end, ignore_key=ignore_key), start, end)
    needed = others + 1
    size = pool_size()
    # No accounts at all: the school does not use the pool ("Start lesson" says so itself).
    if size == 0 or needed <= size:
        return None
    return ngettext(
        "At %(time)s %(count)s lessons would run at once, but the pool has only "
        "%(size)s video account: one of them will not get a Zoom room.",
        "At %(time)s %(count)s lessons would run at once, but the pool has only "
        "%(size)s video accounts: one of them will not get a Zoom room.",
        size,
    ) % {"time": when_label(moment), "count": needed, "size": size}


def check_capacity(start: datetime, end: datetime, key: str) -> str | None:
    """The timetable's capacity check (registered in ``apps.ZoomPoolConfig.ready``): the
    warning, or with ``ZOOMPOOL_CAPACITY_HARD_LIMIT`` a ``Conflict`` that refuses the change."""
    warning = capacity_warning(start, end, ignore_key=key)
    if warning and app_settings.ZOOMPOOL_CAPACITY_HARD_LIMIT:
        raise Conflict(str(warning))
    return warning


@dataclass
class WeekUsage:
    days: list[date]
    hours: list[int]
    rows: list[list[int]]  # rows[hour][day]: most lessons at once within that hour
    capacity: int
    peak: int


def peak_usage(week_start: date, *, tz: str | None = None) -> WeekUsage:
    """Per hour of a week (from Monday ``week_start``, local time), the most lessons at once."""
    zone = ZoneInfo(tz or settings.TIME_ZONE)
    days = [week_start + timedelta(days=i) for i in range(7)]
    slots = [
        datetime(d.year, d.month, d.day, hour, tzinfo=zone) for d in days for hour in range(24)
    ]
    begin = slots[0]
    finish = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    bounds = [*slots, finish]
    intervals = sorted(_intervals(begin, finish))
    # Sweep the slots in order; a heap of running lessons' ends gives the count at any moment.
    peaks = []
    running: list[datetime] = []
    index = 0
    for slot_start, slot_end in zip(bounds, bounds[1:], strict=False):
        while running and running[0] <= slot_start:
            heapq.heappop(running)
        best = len(running)
        while index < len(intervals) and intervals[index][0] < slot_end:
            s, e = intervals[index]
            index += 1
            if e <= slot_start:
                continue
            while running and running[0] <= max(s, slot_start):
                heapq.heappop(running)
            heapq.heappush(running, e)
            best = max(best, len(running))
        peaks.append(best)
    rows = [[peaks[day * 24 + hour] for day in range(7)] for hour in range(24)]
    return WeekUsage(
        days=days,
        hours=list(range(24)),
        rows=rows,
        capacity=pool_size(),
        peak=max(peaks, default=0),
    )
