"""Expansion of weekly rules into occurrences: pure functions, no database access.

A rule says "every (upper / lower / every) week on a weekday, from a wall-clock time to
another, between two dates, in a time zone". Upper and lower weeks alternate; the Monday-to-
Sunday week that contains the rule's start date is an upper week. Times are wall-clock times
in the rule's time zone, so a daylight-saving change keeps a 10:00 lesson at 10:00 local time.
A wall-clock time that does not exist on a spring-forward day (02:30 in Berlin) is read with
the offset in force before the change (it becomes 03:30 summer time); an ambiguous one on an
autumn day is the first of the two.

Cost grows with the window, never with the rule's age: the first matching date on or after
the window's start is found by arithmetic, then the dates step by 7 or 14 days.

Cancelled occurrences (a cancelling ``LessonException``) are skipped unless
``include_cancelled`` asks for them (then with status "cancelled", for a calendar that greys
them out). A moved occurrence is yielded at its new time, and belongs to the window when its
new time meets the window, wherever its original date lies.

``merge`` puts expanded occurrences and stored ``LiveLesson`` rows together: a stored lesson
made from a rule's occurrence replaces the expanded one (same rule and occurrence date), and
cancelled stored lessons are likewise skipped unless asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # pragma: no cover
    from .models import LiveLesson

SCHEDULED = "scheduled"
CANCELLED = "cancelled"
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Occurrence:
    """One lesson on the timetable, stored or not yet stored."""

    key: str  # "lesson:<id>" for stored lessons, "rule:<rule_id>:<YYYY-MM-DD>" for the others
    title: str
    start: datetime  # aware
    end: datetime
    group_id: int
    teacher_id: int
    rule_id: int | None
    occurrence_date: date | None  # the date by the rule (rule's time zone)
    lesson_id: int | None
    status: str  # a LiveLesson.Status value ("scheduled" for unstored occurrences)

    @property
    def is_stored(self) -> bool:
        return self.lesson_id is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and self.end > start


class RuleLike(Protocol):
    """What expansion reads from a rule (a RecurringLesson, saved or not)."""

    pk: int | None
    group_id: int
    teacher_id: int
    title: str
    weekday: int
    week_type: str
    start_time: time
    end_time: time
    start_date: date
    end_date: date
    timezone: str


class ExceptionLike(Protocol):
    rule_id: int
    original_date: date
    cancelled: bool
    new_start: datetime | None
    new_end: datetime | None


def rule_key(rule_id: int | None, day: date) -> str:
    return f"rule:{rule_id}:{day.isoformat()}"


def lesson_key(lesson_id: int) -> str:
    return f"lesson:{lesson_id}"


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def wall_clock(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The aware moment of a wall-clock time on a date; a time in a DST gap is normalised."""
    moment = datetime.combine(day, at, tzinfo=tz)
    # A round trip through UTC turns a non-existent local time (the spring gap) into a real one.
    return moment.astimezone(UTC).astimezone(tz)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def is_upper_week(rule: RuleLike, day: date) -> bool:
    """Whether ``day`` falls in an upper week of the rule (the start date's week is upper)."""
    return ((monday(day) - monday(rule.start_date)).days // 7) % 2 == 0


def _step(rule: RuleLike) -> int:
    return 7 if rule.week_type == "all" else 14


def _wanted_parity(rule: RuleLike) -> bool | None:
    return {"upper": True, "lower": False}.get(rule.week_type)


def is_occurrence_date(rule: RuleLike, day: date) -> bool:
    """Whether the rule, without exceptions, has an occurrence on ``day``."""
    if not (rule.start_date <= day <= rule.end_date) or day.weekday() != rule.weekday:
        return False
    parity = _wanted_parity(rule)
    return parity is None or is_upper_week(rule, day) == parity


def first_date_from(rule: RuleLike, day: date) -> date | None:
    """The rule's first occurrence date on or after ``day`` (exceptions aside), by arithmetic."""
    day = max(day, rule.start_date)
    first = day + timedelta(days=(rule.weekday - day.weekday()) % 7)
    parity = _wanted_parity(rule)
    if parity is not None and is_upper_week(rule, first) != parity:
        first += WEEK
    return first if first <= rule.end_date else None


def rule_dates(rule: RuleLike, first: date, last: date) -> Iterator[date]:
    """The rule's occurrence dates between two dates (inclusive), exceptions aside."""
    day = first_date_from(rule, first)
    last = min(last, rule.end_date)
    step = timedelta(days=_step(rule))
    while day is not None and day <= last:
        yield day
        day += step


def occurrence_times(rule: RuleLike, day: date) -> tuple[datetime, datetime]:
    tz = zone(rule.timezone)
    start, end = wall_clock(day, rule.start_time, tz), wall_clock(day, rule.end_time, tz)
    if end <= start:
        # Both ends fell in a spring-forward gap (02:30–03:30 on the change night): keep the
        # lesson's length rather than make it vanish.
        nominal = datetime.combine(day, rule.end_time) - datetime.combine(day, rule.start_time)
        end = start + nominal
    return start, end


def local_dates(rule: RuleLike, start: datetime, end: datetime) -> tuple[date, date]:
    """The range of local dates (in the rule's zone) on which an occurrence may meet a window."""
    tz = zone(rule.timezone)
    return start.astimezone(tz).date(), end.astimezone(tz).date()


def unstored(
    rule: RuleLike, day: date, start: datetime, end: datetime, status: str = SCHEDULED
) -> Occurrence:
    """A rule's occurrence on a day as the expansion sees it: nothing stored for it yet."""
    return Occurrence(
        key=rule_key(rule.pk, day),
        title=rule.title,
        start=start,
        end=end,
        group_id=rule.group_id,
        teacher_id=rule.teacher_id,
        rule_id=rule.pk,
        occurrence_date=day,
        lesson_id=None,
        status=status,
    )


def expand_rule(
    rule: RuleLike,
    window_start: datetime,
    window_end: datetime,
    exceptions: Iterable[ExceptionLike] = (),
    *,
    include_cancelled: bool = False,
) -> Iterator[Occurrence]:
    """The rule's occurrences that meet [window_start, window_end), in start order.

    ``exceptions`` are the rule's exception records; passing more than the window needs is
    harmless (others' are ignored). A moved occurrence is yielded when its new time meets the
    window, even if its original date lies outside it, so callers must pass the exceptions
    whose new time meets the window as well as those whose original date is in it.
    """
    if window_end <= window_start:
        return
    by_date = _by_date(rule, exceptions)
    found: list[Occurrence] = []
    first, last = local_dates(rule, window_start, window_end)
    for day in rule_dates(rule, first, last):
        exception = by_date.get(day)
        if exception is not None and (exception.cancelled or exception.new_start is not None):
            continue  # handled below, once, from the exception itself
        start, end = occurrence_times(rule, day)
        if start < window_end and end > window_start:
            found.append(unstored(rule, day, start, end))
    found += _from_exceptions(rule, by_date, window_start, window_end, include_cancelled)
    found.sort(key=sort_key)
    yield from found


def moved_occurrences(
    rule: RuleLike,
    window_start: datetime,
    window_end: datetime,
    exceptions: Iterable[ExceptionLike],
    *,
    include_cancelled: bool = False,
) -> list[Occurrence]:
    """Only the occurrences the exceptions make (moved, or cancelled when asked), in the window.

    For a rule whose regular occurrences are known not to matter (a conflict check that ruled
    them out by weekday and time) but whose moved ones still might.
    """
    found = _from_exceptions(
        rule, _by_date(rule, exceptions), window_start, window_end, include_cancelled
    )
    found.sort(key=sort_key)
    return found


def _by_date(rule: RuleLike, exceptions: Iterable[ExceptionLike]) -> dict[date, ExceptionLike]:
    # An unsaved rule (a conflict check of an edit) takes the exceptions it is given.
    return {e.original_date: e for e in exceptions if rule.pk is None or e.rule_id == rule.pk}


def _from_exceptions(
    rule: RuleLike,
    by_date: dict[date, ExceptionLike],
    window_start: datetime,
    window_end: datetime,
    include_cancelled: bool,
) -> list[Occurrence]:
    found = []
    for day, exception in by_date.items():
        if not is_occurrence_date(rule, day):
            continue  # a stale exception (the rule was edited since): nothing to show
        if exception.cancelled:
            if include_cancelled:
                start, end = occurrence_times(rule, day)
                if start < window_end and end > window_start:
                    found.append(unstored(rule, day, start, end, CANCELLED))
        elif (
            exception.new_start is not None
            and exception.new_end is not None
            and exception.new_start < window_end
            and exception.new_end > window_start
        ):
            found.append(unstored(rule, day, exception.new_start, exception.new_end))
    return found


def from_lesson(lesson: LiveLesson) -> Occurrence:
    return Occurrence(
        key=lesson_key(lesson.pk),
        title=lesson.title,
        start=lesson.start,
        end=lesson.end,
        group_id=lesson.group_id,
        teacher_id=lesson.teacher_id,
        rule_id=lesson.rule_id,
        occurrence_date=lesson.occurrence_date,
        lesson_id=lesson.pk,
        status=lesson.status,
    )


def sort_key(occurrence: Occurrence) -> tuple:
    return (occurrence.start, occurrence.end, occurrence.key)


def merge(
    rules: Iterable[RuleLike],
    exceptions: Iterable[ExceptionLike],
    lessons: Iterable[LiveLesson],
    window_start: datetime,
    window_end: datetime,
    *,
    include_cancelled: bool = False,
    regular: Callable[[RuleLike], bool] | None = None,
) -> list[Occurrence]:
    """Rules expanded over the window, merged with stored lessons, sorted by start.

    ``lessons`` may include stored occurrences outside the window: they are not shown but
    still hide their rule's expanded occurrence (a stored lesson is the truth for its date).
    ``regular(rule)`` False keeps only the occurrences the rule's exceptions make.
    """
    per_rule: dict[int | None, list[ExceptionLike]] = {}
    for exception in exceptions:
        per_rule.setdefault(exception.rule_id, []).append(exception)
    stored: set[tuple[int, date]] = set()
    result: list[Occurrence] = []
    for lesson in lessons:
        if lesson.rule_id is not None and lesson.occurrence_date is not None:
            stored.add((lesson.rule_id, lesson.occurrence_date))
        if not (lesson.start < window_end and lesson.end > window_start):
            continue
        if lesson.status == CANCELLED and not include_cancelled:
            continue
        result.append(from_lesson(lesson))
    for rule in rules:
        expand = expand_rule if regular is None or regular(rule) else moved_occurrences
        for occurrence in expand(
            rule,
            window_start,
            window_end,
            per_rule.get(rule.pk, ()),
            include_cancelled=include_cancelled,
        ):
            if (occurrence.rule_id, occurrence.occurrence_date) not in stored:
                result.append(occurrence)
    result.sort(key=sort_key)
    return result


def rule_span(rule: RuleLike) -> tuple[datetime, datetime]:
    """A window holding every regular occurrence of the rule."""
    tz = zone(rule.timezone)
    return (
        wall_clock(rule.start_date, time.min, tz),
        wall_clock(rule.end_date + timedelta(days=1), time.min, tz),
    )


def may_share_times(a: RuleLike, b: RuleLike) -> bool:
    """False when two rules' regular occurrences can never overlap.

    Rules in different zones return True and are compared occurrence by occurrence. In one
    zone, wall-clock times compare directly on every date whose UTC offset holds all day, so
    weekday, times and week parity decide by arithmetic; only around the zone's offset changes
    (a spring gap moves 02:30 to 03:30 summer time) are the two rules' occurrences compared as
    real instants. Date ranges are not looked at otherwise.
    """
    if a.timezone != b.timezone or _same_slot_by_wall_clock(a, b):
        return True
    return _meet_near_offset_changes(a, b)


def _same_slot_by_wall_clock(a: RuleLike, b: RuleLike) -> bool:
    if a.weekday != b.weekday or not (a.start_time < b.end_time and b.start_time < a.end_time):
        return False
    pa, pb = _wanted_parity(a), _wanted_parity(b)
    if pa is None or pb is None:
        return True
    # Whether a's upper weeks are b's upper weeks too, the same for every week.
    aligned = ((monday(a.start_date) - monday(b.start_date)).days // 7) % 2 == 0
    return (pa == pb) == aligned


@lru_cache(maxsize=512)
def offset_change_days(zone_name: str, year: int) -> tuple[date, ...]:
    """The local dates of a year next to a change of the zone's UTC offset.

    A date is listed when its offset at noon differs from the day before's or the day after's,
    so both dates around a change at any hour are in. A year's dates are read once per process.
    """
    tz = zone(zone_name)
    first = date(year, 1, 1)
    days = [first + timedelta(days=n) for n in range((date(year, 12, 31) - first).days + 1)]
    around = ([first - timedelta(days=1)] if year > 1 else []) + days
    around += [days[-1] + timedelta(days=1)] if year < 9999 else []
    noons = [(day, datetime.combine(day, time(12), tzinfo=tz).utcoffset()) for day in around]
    changed: set[date] = set()
    for (before, offset_before), (after, offset_after) in pairwise(noons):
        if offset_before != offset_after:
            changed.update((before, after))
    return tuple(sorted(day for day in changed if day.year == year))


def _meet_near_offset_changes(a: RuleLike, b: RuleLike) -> bool:
    """Whether an occurrence of a and one of b overlap on the days around an offset change.

    Away from those days the offset is fixed for the whole local day, and lessons don't cross
    midnight, so occurrences of the two rules overlap exactly when their wall-clock times do.
    """
    # A day's margin: a shifted lesson may meet the other rule's lesson of the next day.
    first = max(a.start_date, b.start_date, date.min + timedelta(days=1)) - timedelta(days=1)
    last = min(a.end_date, b.end_date, date.max - timedelta(days=1)) + timedelta(days=1)
    if first > last:
        return False
    days: set[date] = set()
    for year in range(first.year, last.year + 1):
        for day in offset_change_days(a.timezone, year):
            if first <= day <= last:
                days.add(day)
    times_a = [occurrence_times(a, day) for day in days if is_occurrence_date(a, day)]
    if not times_a:
        return False
    times_b = [occurrence_times(b, day) for day in days if is_occurrence_date(b, day)]
    return any(sa < eb and sb < ea for sa, ea in times_a for sb, eb in times_b)


def parse_key(key: str) -> tuple[str, int, date | None]:
    """("lesson", id, None) or ("rule", rule_id, date); ValueError for anything else."""
    kind, _, rest = key.partition(":")
    if kind == "lesson":
        return "lesson", int(rest), None
    if kind == "rule":
        rule_id, _, day = rest.partition(":")
        return "rule", int(rule_id), date.fromisoformat(day)
    raise ValueError(key)


def first_overlap(
    candidates: Iterable[Occurrence], others: Iterable[Occurrence]
) -> tuple[Occurrence, Occurrence] | None:
    """The earliest pair (candidate, other) whose times overlap; both lists sorted by start."""
    others = sorted(others, key=sort_key)
    candidates = sorted(candidates, key=sort_key)
    # A sweep: others that ended before a candidate starts can't meet any later candidate.
    j = 0
    for candidate in candidates:
        while j < len(others) and others[j].end <= candidate.start:
            j += 1
        k = j
        while k < len(others) and others[k].start < candidate.end:
            if others[k].end > candidate.start:
                return candidate, others[k]
            k += 1
    return None
