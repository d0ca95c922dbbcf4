"""Weekly rules and their single occurrences.

Editing a rule from a date (``update_rule_from``) splits it: the old rule ends the day before, a
new rule starts on that date. Upper and lower weeks keep meaning the same calendar weeks across
the split. Exceptions and stored lessons on or after the date move to the new rule when it has
an occurrence on their date (moved exceptions keep their new time, stored scheduled lessons not
moved by hand take the new times); the other exceptions are dropped, the other stored lessons
stay as one-off lessons at their times.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import recurrence
from ..errors import NotFound
from ..models import Group, LessonException, LiveLesson, RecurringLesson
from ..permissions import require_manage
from ..recurrence import Occurrence
from . import notices
from .calendar_cache import timetable_changed
from .conflicts import capacity, check_rule, check_slot, lock, rule_capacity
from .lessons import clean_homework, clean_times, clean_title
from .timetable import DAY

Status = LiveLesson.Status
MAX_RULE_DAYS = 5 * 366

RULE_FIELDS = {
    "title",
    "weekday",
    "week_type",
    "start_time",
    "end_time",
    "start_date",
    "end_date",
    "timezone",
    "homework",
}
# What the group hears of when it changes (the day and time of the lessons).
TIMING_FIELDS = {"weekday", "week_type", "start_time", "end_time", "timezone"}


def _clean_rule(user, rule: RecurringLesson) -> None:
    """Check a rule's own fields (not its clashes); errors name the field."""
    rule.title = clean_title(rule.title)
    if rule.weekday not in range(7):
        raise ValidationError({"weekday": _("Choose a weekday from 0 (Monday) to 6 (Sunday).")})
    if rule.week_type not in RecurringLesson.WeekType.values:
        raise ValidationError({"week_type": _("Choose every, upper or lower weeks.")})
    for field in ("start_time", "end_time"):
        if not isinstance(getattr(rule, field), time):
            raise ValidationError({field: _("Give a time.")})
    if rule.end_time <= rule.start_time:
        raise ValidationError({"end_time": _("The lesson must end after it starts.")})
    for field in ("start_date", "end_date"):
        value = getattr(rule, field)
        if not isinstance(value, date) or isinstance(value, datetime):
            raise ValidationError({field: _("Give a date.")})
    if rule.end_date < rule.start_date:
        raise ValidationError({"end_date": _("“Repeat until” must not be before the first date.")})
    if (rule.end_date - rule.start_date).days > MAX_RULE_DAYS:
        raise ValidationError({"end_date": _("A rule can repeat for five years at most.")})
    try:
        ZoneInfo(rule.timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValidationError({"timezone": _("Unknown time zone.")}) from error
    if recurrence.first_date_from(rule, rule.start_date) is None:
        raise ValidationError(
            {"end_date": _("There is no lesson between these dates on that weekday and week.")}
        )
    rule.homework = clean_homework(user, rule.homework)


@transaction.atomic
def create_rule(
    teacher,
    group: Group,
    *,
    title: str,
    weekday: int,
    week_type: str,
    start_time: time,
    end_time: time,
    start_date: date,
    end_date: date,
    timezone: str | None = None,
    homework=None,
) -> tuple[RecurringLesson, str | None]:
    """A weekly rule for the group; returns (rule, the pool's capacity warning or None)."""
    require_manage(teacher, group)
    rule = RecurringLesson(
        group=group,
        teacher_id=group.teacher_id,
        title=title,
        weekday=weekday,
        week_type=week_type,
        start_time=start_time,
        end_time=end_time,
        start_date=start_date,
        end_date=end_date,
        timezone=timezone or settings.TIME_ZONE,
        homework=homework,
    )
    _clean_rule(teacher, rule)
    lock(group.teacher_id, group.pk)
    check_rule(rule)
    rule.save()
    return rule, rule_capacity(rule)


def _valid_date(rule: RecurringLesson, original_date: date) -> None:
    if not isinstance(original_date, date) or not recurrence.is_occurrence_date(
        rule, original_date
    ):
        raise ValidationError(
            {"date": _("The rule has no lesson on %(date)s.") % {"date": original_date}}
        )


@transaction.atomic
def cancel_occurrence(user, rule: RecurringLesson, original_date: date) -> LessonException:
    """Cancel one occurrence, the rule untouched (its stored lesson too, if it has one)."""
    require_manage(user, rule.group)
    _valid_date(rule, original_date)
    stored = LiveLesson.objects.filter(rule=rule, occurrence_date=original_date).first()
    if stored is not None and stored.status not in (Status.SCHEDULED, Status.CANCELLED):
        raise ValidationError(
            {
                "date": _("This lesson is %(status)s; it cannot be cancelled.")
                % {"status": stored.get_status_display()}
            }
        )
    before = LessonException.objects.filter(rule=rule, original_date=original_date).first()
    was_on = (stored is None or stored.status == Status.SCHEDULED) and not (
        before is not None and before.cancelled
    )
    if stored is not None:
        start, title, key = stored.start, stored.title, recurrence.lesson_key(stored.pk)
    else:
        start = (before.new_start if before is not None and before.new_start else None) or (
            recurrence.occurrence_times(rule, original_date)[0]
        )
        title, key = rule.title, recurrence.rule_key(rule.pk, original_date)
    if stored is not None and stored.status == Status.SCHEDULED:
        stored.status = Status.CANCELLED
        stored.save(update_fields=["status"])
    # Through the rule's manager: the exception's signal finds its group without a query.
    exception, _created = rule.exceptions.update_or_create(
        original_date=original_date,
        defaults={"cancelled": True, "new_start": None, "new_end": None},
    )
    if was_on:
        notices.lesson_cancelled(user, rule.group, title=title, key=key, start=start)
    return exception


@transaction.atomic
def move_occurrence(
    user, rule: RecurringLesson, original_date: date, new_start: datetime, new_end: datetime
) -> tuple[LessonException | None, str | None]:
    """Move one occurrence, the rule untouched; returns (exception, capacity warning).

    Moving it back to the rule's own time removes the exception (returns None for it). A
    cancelled occurrence moved somewhere is restored there.
    """
    require_manage(user, rule.group)
    _valid_date(rule, original_date)
    new_start, new_end = clean_times(new_start, new_end)
    stored = LiveLesson.objects.filter(rule=rule, occurrence_date=original_date).first()
    if stored is not None and stored.status not in (Status.SCHEDULED, Status.CANCELLED):
        raise ValidationError(
            {
                "date": _("This lesson is %(status)s; it cannot be moved.")
                % {"status": stored.get_status_display()}
            }
        )
    lock(rule.teacher_id, rule.group_id)

    def same(occurrence: Occurrence) -> bool:
        return (occurrence.rule_id, occurrence.occurrence_date) == (rule.pk, original_date)

    check_slot(rule.teacher_id, rule.group_id, new_start, new_end, ignore=same)
    before = LessonException.objects.filter(rule=rule, original_date=original_date).first()
    if stored is not None:
        old_start = stored.start
    elif before is not None and before.new_start:
        old_start = before.new_start
    else:
        old_start = recurrence.occurrence_times(rule, original_date)[0]
    exception = None
    if (new_start, new_end) == recurrence.occurrence_times(rule, original_date):
        rule.exceptions.filter(original_date=original_date).delete()
    else:
        exception, _created = rule.exceptions.update_or_create(
            original_date=original_date,
            defaults={"cancelled": False, "new_start": new_start, "new_end": new_end},
        )
    key = recurrence.rule_key(rule.pk, original_date)
    title = rule.title
    if stored is not None:
        stored.start, stored.end, stored.status = new_start, new_end, Status.SCHEDULED
        stored.save(update_fields=["start", "end", "status"])
        key, title = recurrence.lesson_key(stored.pk), stored.title
    if new_start != old_start:
        notices.lesson_moved(
            user, rule.group, title=title, key=key, old_start=old_start, new_start=new_start
        )
    return exception, capacity(new_start, new_end, key)


@transaction.atomic
def update_rule_from(
    user, rule: RecurringLesson, from_date: date, **changes
) -> tuple[RecurringLesson, str | None]:
    """Change a rule from a date onwards; returns (the rule now in force from then, warning).

    On or before the rule's first date the rule itself changes (its start date too, if given);
    later, the rule splits (see the module's notes). Changing the group is not possible.
    """
    unknown = set(changes) - RULE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    require_manage(user, rule.group)
    if not isinstance(from_date, date) or isinstance(from_date, datetime):
        raise ValidationError({"from_date": _("Give a date.")})
    if from_date > rule.end_date:
        raise ValidationError({"from_date": _("The rule has ended by then.")})
    in_place = from_date <= rule.start_date
    if not in_place and "start_date" in changes:
        raise ValidationError({"start_date": _("A rule changed from a date starts on that date.")})
    new = RecurringLesson(
        pk=rule.pk if in_place else None,
        group_id=rule.group_id,
        teacher_id=rule.teacher_id,
        created_at=rule.created_at if in_place else None,
        **{field: getattr(rule, field) for field in RULE_FIELDS - {"homework"}},
        homework_id=rule.homework_id,
    )
    for field, value in changes.items():
        setattr(new, field, value)
    if not in_place:
        new.start_date = from_date
        # Upper and lower weeks keep meaning the same calendar weeks after the split.
        if not recurrence.is_upper_week(rule, from_date):
            swap = {"upper": "lower", "lower": "upper"}
            new.week_type = swap.get(new.week_type, new.week_type)
    if "homework" in changes:
        _clean_rule(user, new)
    else:
        _clean_rule_keep_homework(user, new)
    lock(rule.teacher_id, rule.group_id)

    exceptions = list(rule.exceptions.filter(original_date__gte=from_date))
    carried = [e for e in exceptions if recurrence.is_occurrence_date(new, e.original_date)]

    def replaced(occurrence: Occurrence) -> bool:
        # The old rule's occurrences from the date on are what the new rule replaces; its
        # stored lessons that the new rule cannot take stay where they are and still count.
        if occurrence.rule_id != rule.pk:
            return False
        day = occurrence.occurrence_date
        return (
            occurrence.lesson_id is None
            or day is None
            or day < from_date
            or recurrence.is_occurrence_date(new, day)
        )

    probe = replace_rule(new, pk=None)
    check_rule(probe, carried, ignore=replaced)

    if in_place:
        new.save()
        target = new
    else:
        rule.end_date = from_date - DAY
        rule.save(update_fields=["end_date"])
        new.save()
        target = new
        LessonException.objects.filter(pk__in=[e.pk for e in carried]).update(rule=target)
        timetable_changed(groups=[target.group_id])  # update() sends no signal
    dropped = [e.pk for e in exceptions if e not in carried]
    rule.exceptions.filter(pk__in=dropped).delete()
    _carry_lessons(rule, target, from_date, {e.original_date: e for e in carried})
    if any(changes[name] != getattr(rule, name) for name in TIMING_FIELDS & set(changes)):
        today = timezone.now().astimezone(recurrence.zone(target.timezone)).date()
        if target.end_date >= today:  # lessons still ahead: news
            first_day = max(target.start_date, today)
            notices.weekly_time_changed(user, rule.group, old=rule, new=target, first_day=first_day)
    return target, rule_capacity(target)


def _clean_rule_keep_homework(user, rule: RecurringLesson) -> None:
    # The rule's own homework was checked when it was given; don't re-check another
    # teacher's (staff's) choice when only times change.
    homework_id = rule.homework_id
    rule.homework = None
    _clean_rule(user, rule)
    rule.homework_id = homework_id


def replace_rule(rule: RecurringLesson, **fields) -> RecurringLesson:
    """An unsaved copy of a rule with some fields changed."""
    copy = RecurringLesson(
        group_id=rule.group_id,
        teacher_id=rule.teacher_id,
        homework_id=rule.homework_id,
        **{field: getattr(rule, field) for field in RULE_FIELDS - {"homework"}},
    )
    copy.pk = rule.pk
    for field, value in fields.items():
        setattr(copy, field, value)
    return copy


def _carry_lessons(
    old: RecurringLesson,
    new: RecurringLesson,
    from_date: date,
    exceptions: Mapping[date, LessonException],
) -> None:
    """Stored lessons of the old rule from the date: to the new rule, or left as one-offs."""
    for lesson in LiveLesson.objects.filter(rule=old, occurrence_date__gte=from_date):
        day = lesson.occurrence_date
        if not recurrence.is_occurrence_date(new, day):
            lesson.rule, lesson.occurrence_date = None, None
            lesson.save(update_fields=["rule", "occurrence_date"])
            continue
        lesson.rule = new
        exception = exceptions.get(day)
        if lesson.status == Status.SCHEDULED and not (exception and exception.new_start):
            lesson.start, lesson.end = recurrence.occurrence_times(new, day)
            lesson.title = new.title
        lesson.save(update_fields=["rule", "start", "end", "title"])


@transaction.atomic
def delete_rule(user, rule: RecurringLesson) -> RecurringLesson | None:
    """End a rule: past occurrences stay in the calendar, future ones go.

    A rule that has not begun is deleted (returns None); one that has ends yesterday (in its
    time zone). Its future stored lessons still scheduled are cancelled.
    """
    require_manage(user, rule.group)
    group = rule.group
    now = timezone.now()
    today = now.astimezone(recurrence.zone(rule.timezone)).date()
    LiveLesson.objects.filter(rule=rule, start__gte=now, status=Status.SCHEDULED).update(
        status=Status.CANCELLED
    )
    still_ahead = rule.end_date >= today
    ended = {"title": rule.title, "rule_id": rule.pk, "first_day": max(today, rule.start_date)}
    if rule.start_date >= today:
        LiveLesson.objects.filter(rule=rule).update(rule=None, occurrence_date=None)
        rule.delete()
        rule = None
    else:
        rule_end = min(rule.end_date, today - DAY)
        if not RecurringLesson.objects.filter(pk=ended["rule_id"]).update(end_date=rule_end):
            raise NotFound()  # deleted by a request that ran at the same time
        rule.end_date = rule_end
    timetable_changed(groups=[group.pk])  # the update()s above send no signal
    if still_ahead:
        notices.weekly_lessons_ended(user, group, **ended)
    return rule
