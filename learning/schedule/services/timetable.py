"""Reading the timetable: a person's (or everyone's) occurrences in a window, and the
occurrence or stored lesson behind a key.

Cancelled occurrences (a cancelling exception, or a stored lesson with status cancelled) are
left out of ``occurrences_for`` / ``all_occurrences`` unless ``include_cancelled=True`` asks
for them (then with status "cancelled"). Conflict checks, reminders and the pool's capacity
planning never see them. A stored lesson made from a rule's occurrence is the truth for that
date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.permissions import is_signed_in, is_staff

from .. import recurrence
from ..errors import NotFound
from ..models import LessonException, LiveLesson, Membership, RecurringLesson
from ..permissions import require_view
from ..recurrence import Occurrence

Status = LiveLesson.Status
MAX_LESSON = timedelta(hours=12)
DAY = timedelta(days=1)


class RuleRow(NamedTuple):
    """A rule as expansion reads it (``recurrence.RuleLike``), straight from a query's rows:
    building ~200 model instances per calendar request cost more than expanding them."""

    pk: int
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


class ExceptionRow(NamedTuple):
    """A ``LessonException`` as expansion reads it (``recurrence.ExceptionLike``)."""

    rule_id: int
    original_date: date
    cancelled: bool
    new_start: datetime | None
    new_end: datetime | None


class LessonRow(NamedTuple):
    """A stored lesson as ``recurrence.merge`` and ``from_lesson`` read it."""

    pk: int
    group_id: int
    teacher_id: int
    title: str
    start: datetime
    end: datetime
    status: str
    rule_id: int | None
    occurrence_date: date | None


RULE_FIELDS = ("id", *RuleRow._fields[1:])
EXCEPTION_FIELDS = ExceptionRow._fields
LESSON_FIELDS = ("id", *LessonRow._fields[1:])


def day_label(value: date) -> str:
    """A date as the site writes it short (in messages)."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def rules_for(user) -> QuerySet[RecurringLesson]:
    """The rules a person teaches or whose group they are in (staff: all)."""
    queryset = RecurringLesson.objects.select_related("group")
    if is_staff(user):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    return queryset.filter(people_filters(user)[0])


def lessons_for(user) -> QuerySet[LiveLesson]:
    """The stored lessons a person teaches or whose group they are in (staff: all)."""
    queryset = LiveLesson.objects.select_related("group")
    if is_staff(user):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    return queryset.filter(people_filters(user)[1])


def aware(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError({field: _("Give a date and time.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def check_window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = aware(start, "start"), aware(end, "end")
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    return start, end


def people_filters(user) -> tuple[Q, Q]:
    """(rule filter, lesson filter) for what a person teaches or attends."""
    member_of = Membership.objects.filter(student=user).values("group_id")
    rules = Q(teacher=user) | Q(group__teacher=user) | Q(group_id__in=member_of)
    lessons = Q(teacher=user) | Q(group__teacher=user) | Q(group_id__in=member_of)
    return rules, lessons


def collect(
    rule_filter: Q,
    lesson_filter: Q,
    start: datetime,
    end: datetime,
    *,
    include_cancelled: bool = False,
    regular: Callable[[RuleRow], bool] | None = None,
) -> list[Occurrence]:
    """Occurrences of the rules and lessons matching the filters that meet [start, end).

    Three queries whatever the number of rules (a fourth only when an occurrence of a rule
    outside the dates was moved into the window). A day's margin on each side covers the
    time zones: the rules' local dates are at most 14 hours away from UTC's. Stored lessons
    and moved occurrences are found by their start from ``start - MAX_LESSON`` on, so the
    (teacher, start) and (group, start) indexes serve a range, whatever the history.
    """
    first = start.astimezone(UTC).date() - DAY
    last = end.astimezone(UTC).date() + DAY
    earliest = start - MAX_LESSON
    in_dates = Q(start_date__lte=last, end_date__gte=first)
    # Rows as named tuples, not model instances: expansion reads a few fields of each.
    rules = {
        row.pk: row
        for row in map(
            RuleRow._make,
            RecurringLesson.objects.filter(rule_filter & in_dates).values_list(*RULE_FIELDS),
        )
    }
    # A subquery, not the ids read above: 200 ids passed twice as IN lists cost more to build
    # and send (about 2 ms of a week's 16 on PostgreSQL) than the database's second look.
    rule_ids = RecurringLesson.objects.filter(rule_filter & in_dates).values("pk")
    exceptions = [
        ExceptionRow._make(row)
        for row in LessonException.objects.filter(
            Q(rule_id__in=rule_ids, original_date__range=(first, last))
            | Q(
                rule_id__in=RecurringLesson.objects.filter(rule_filter).values("pk"),
                new_start__lt=end,
                new_start__gt=earliest,
                new_end__gt=start,
            )
        ).values_list(*EXCEPTION_FIELDS)
    ]
    missing = {e.rule_id for e in exceptions} - set(rules)
    if missing:
        found = RecurringLesson.objects.filter(pk__in=missing).values_list(*RULE_FIELDS)
        rules.update((row.pk, row) for row in map(RuleRow._make, found))
    # What an Occurrence holds: not the Zoom URLs.
    people = LiveLesson.objects.filter(lesson_filter).order_by().values_list(*LESSON_FIELDS)
    # Two simple queries in one: the lessons in the window, and the stored occurrences of the
    # rules' dates in it (moved away, they still hide their rule's expanded occurrence).
    lessons = map(
        LessonRow._make,
        people.filter(start__lt=end, start__gt=earliest, end__gt=start).union(
            people.filter(rule_id__in=rule_ids, occurrence_date__range=(first, last))
        ),
    )
    return recurrence.merge(
        rules.values(),
        exceptions,
        lessons,
        start,
        end,
        include_cancelled=include_cancelled,
        regular=regular,
    )


def occurrences_for(
    user, start: datetime, end: datetime, *, include_cancelled: bool = False
) -> list[Occurrence]:
    """A teacher's lessons and their groups' rules, a student's groups' ones, sorted by start."""
    start, end = check_window(start, end)
    if not is_signed_in(user):
        return []
    rules, lessons = people_filters(user)
    return collect(rules, lessons, start, end, include_cancelled=include_cancelled)


@dataclass(frozen=True)
class Narrowing:
    """What a calendar may be narrowed to: one teacher (by public id), group or course.

    A teacher's lessons are the ones they teach and their groups' (as in their own calendar).
    Unknown ids narrow to nothing; they are not errors.
    """

    teacher: UUID | None = None
    group: int | None = None
    course: int | None = None

    def __bool__(self) -> bool:
        return any(value is not None for value in (self.teacher, self.group, self.course))

    def q(self) -> Q:
        """One filter for rules and stored lessons alike (both have teacher and group)."""
        q = Q()
        if self.teacher is not None:
            q &= Q(teacher__public_id=self.teacher) | Q(group__teacher__public_id=self.teacher)
        if self.group is not None:
            q &= Q(group_id=self.group)
        if self.course is not None:
            q &= Q(group__course_id=self.course)
        return q


def calendar_for(
    user,
    start: datetime,
    end: datetime,
    *,
    include_cancelled: bool = False,
    narrowing: Narrowing = Narrowing(),
) -> list[Occurrence]:
    """What a person's calendar shows: staff the whole school's timetable, everyone else
    their own (``occurrences_for``); either narrowed by teacher, group or course.

    The same few queries whatever the number of rules, groups and teachers (see ``collect``).
    A personal iCal feed stays personal: it reads ``occurrences_for``.
    """
    start, end = check_window(start, end)
    if not is_signed_in(user):
        return []
    rules, lessons = (Q(), Q()) if is_staff(user) else people_filters(user)
    only = narrowing.q()
    return collect(rules & only, lessons & only, start, end, include_cancelled=include_cancelled)


def all_occurrences(
    start: datetime, end: datetime, *, include_cancelled: bool = False
) -> list[Occurrence]:
    """Everyone's occurrences in the window (the pool's capacity planning, reminders)."""
    start, end = check_window(start, end)
    return collect(Q(), Q(), start, end, include_cancelled=include_cancelled)


def occurrence_by_key(user, key: str) -> Occurrence:
    """The occurrence behind a key, read only (nothing stored). A rule occurrence already
    stored comes back as the stored lesson (key "lesson:<id>")."""
    found = _visible_by_key(user, key)
    if isinstance(found, LiveLesson):
        return recurrence.from_lesson(found)
    rule, day = found
    stored = LiveLesson.objects.filter(rule=rule, occurrence_date=day).first()
    if stored is not None:
        return recurrence.from_lesson(stored)
    exception = LessonException.objects.filter(rule=rule, original_date=day).first()
    start, end = recurrence.occurrence_times(rule, day)
    status = Status.SCHEDULED
    if exception is not None and exception.cancelled:
        status = Status.CANCELLED
    elif exception is not None and exception.new_start is not None:
        start, end = exception.new_start, exception.new_end
    return recurrence.unstored(rule, day, start, end, status)


def lesson_by_key(user, key: str) -> LiveLesson:
    """The stored lesson behind a key, storing a rule's occurrence first if needed.

    For actions that record something (start, attendance, homework); the person must be the
    group's teacher, staff or a member. Reading a page should use ``occurrence_by_key``.
    """
    found = _visible_by_key(user, key)
    if isinstance(found, LiveLesson):
        return found
    return lesson_for_occurrence(*found)


def _visible_by_key(user, key: str) -> LiveLesson | tuple[RecurringLesson, date]:
    """The stored lesson, or the rule and date, a key names; NotFound for a key that names
    nothing, NotAllowed unless the person may see the group."""
    try:
        kind, pk, day = recurrence.parse_key(key)
    except ValueError as error:
        raise NotFound(key) from error
    if kind == "lesson":
        lesson = LiveLesson.objects.select_related("group").filter(pk=pk).first()
        if lesson is None:
            raise NotFound(key)
        require_view(user, lesson.group)
        return lesson
    rule = RecurringLesson.objects.select_related("group").filter(pk=pk).first()
    if rule is None or not recurrence.is_occurrence_date(rule, day):
        raise NotFound(key)
    require_view(user, rule.group)
    return rule, day


def lesson_for_occurrence(rule: RecurringLesson, occurrence_date: date) -> LiveLesson:
    """The stored lesson of one occurrence, made on first need; safe to call concurrently.

    Takes the moved time if the occurrence was moved; a cancelled occurrence is stored as a
    cancelled lesson. No permission check: callers check.
    """
    if not recurrence.is_occurrence_date(rule, occurrence_date):
        raise ValidationError(
            {
                "date": _("The rule has no lesson on %(date)s.")
                % {"date": day_label(occurrence_date)}
            }
        )
    existing = LiveLesson.objects.filter(rule=rule, occurrence_date=occurrence_date).first()
    if existing is not None:
        return existing
    exception = LessonException.objects.filter(rule=rule, original_date=occurrence_date).first()
    start, end = recurrence.occurrence_times(rule, occurrence_date)
    if exception is not None and exception.new_start is not None:
        start, end = exception.new_start, exception.new_end
    cancelled = exception is not None and exception.cancelled
    try:
        with transaction.atomic():
            return LiveLesson.objects.create(
                group_id=rule.group_id,
                teacher_id=rule.teacher_id,
                title=rule.title,
                start=start,
                end=end,
                rule=rule,
                occurrence_date=occurrence_date,
                homework_id=rule.homework_id,
                status=Status.CANCELLED if cancelled else Status.SCHEDULED,
            )
    except IntegrityError:
        # Another request stored it first (the unique constraint on rule and date).
        return LiveLesson.objects.get(rule=rule, occurrence_date=occurrence_date)
