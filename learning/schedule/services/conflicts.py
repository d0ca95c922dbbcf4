"""Conflicts and capacity: what may not overlap, and the video pool's say.

A lesson or rule overlapping another (not cancelled) of the same teacher or the same group is
refused with ``Conflict``; touching end to start (10:00–11:00, 11:00–12:00) is no clash.
Moving one occurrence ignores only that occurrence's own old slot.

Capacity: after a successful create or move, still inside the transaction (so the database
already holds the new state), the capacity checks registered in ``extensions`` (the video
pool's) are asked with the key the new or moved occurrence now has; a check may refuse with a
``Conflict`` (then nothing is saved). For a rule, its next ``RULE_CAPACITY_CHECKS`` future
occurrences are asked, up to the first warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import extensions, recurrence
from ..errors import Conflict
from ..models import Group, LessonException, RecurringLesson
from ..recurrence import Occurrence
from .timetable import collect

RULE_CAPACITY_CHECKS = 20


def when_label(start: datetime, end: datetime) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    return "{} {}–{}".format(
        formats.date_format(start, "SHORT_DATE_FORMAT"),
        formats.time_format(start, "H:i"),
        formats.time_format(end, "H:i"),
    )


def conflict_with(clash: Occurrence) -> Conflict:
    group = Group.objects.filter(pk=clash.group_id).values_list("name", flat=True).first()
    return Conflict(
        _("This overlaps “%(title)s” (group %(group)s) on %(when)s.")
        % {"title": clash.title, "group": group or "—", "when": when_label(clash.start, clash.end)},
        clash,
    )


def lock(teacher_id: int, group_id: int) -> None:
    """Serialise timetable changes of one teacher and group (a no-op on SQLite, which
    serialises writers anyway), so two requests cannot both pass the conflict check."""
    list(User.objects.select_for_update().filter(pk=teacher_id).values_list("pk", flat=True))
    list(Group.objects.select_for_update().filter(pk=group_id).values_list("pk", flat=True))


def same_people(teacher_id: int, group_id: int) -> tuple[Q, Q]:
    rules = Q(teacher_id=teacher_id) | Q(group_id=group_id) | Q(group__teacher_id=teacher_id)
    lessons = Q(teacher_id=teacher_id) | Q(group_id=group_id) | Q(group__teacher_id=teacher_id)
    return rules, lessons


def check_slot(
    teacher_id: int,
    group_id: int,
    start: datetime,
    end: datetime,
    ignore: Callable[[Occurrence], bool] = lambda occurrence: False,
) -> None:
    """Refuse [start, end) when another lesson of the teacher or the group overlaps it."""
    rules, lessons = same_people(teacher_id, group_id)
    for other in collect(rules, lessons, start, end):
        if not ignore(other) and other.overlaps(start, end):
            raise conflict_with(other)


def check_rule(
    rule: RecurringLesson,
    exceptions: Iterable[LessonException] = (),
    ignore: Callable[[Occurrence], bool] = lambda occurrence: False,
) -> None:
    """Refuse a rule (saved or not) one of whose occurrences overlaps another lesson.

    Only rules of the teacher or group whose dates meet the rule's are read; of those, the ones
    that may share a time (``recurrence.may_share_times``: weekday and wall-clock time by
    arithmetic, real instants on the days around the zone's clock changes) are expanded date by
    date, the others contribute only their moved occurrences. Stored lessons in the range are
    all compared.
    """
    span_start, span_end = recurrence.rule_span(rule)
    candidates = list(recurrence.expand_rule(rule, span_start, span_end, exceptions))
    if not candidates:
        return
    rules, lessons = same_people(rule.teacher_id, rule.group_id)
    others = collect(
        rules,
        lessons,
        candidates[0].start,
        candidates[-1].end,
        regular=lambda other: recurrence.may_share_times(rule, other),
    )
    others = [o for o in others if not ignore(o)]
    clash = recurrence.first_overlap(candidates, others)
    if clash is not None:
        raise conflict_with(clash[1])


def capacity(start: datetime, end: datetime, key: str) -> str | None:
    """The registered capacity checks' warning for one more lesson at [start, end)."""
    return extensions.capacity_warning(start, end, key)


def rule_capacity(rule: RecurringLesson) -> str | None:
    now = timezone.now()
    span_start, span_end = recurrence.rule_span(rule)
    exceptions = list(rule.exceptions.all())
    upcoming = recurrence.expand_rule(rule, max(now, span_start), span_end, exceptions)
    for checked, occurrence in enumerate(upcoming, start=1):
        warning = capacity(occurrence.start, occurrence.end, occurrence.key)
        if warning or checked >= RULE_CAPACITY_CHECKS:
            return warning
    return None
