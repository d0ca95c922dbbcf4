"""One-off lessons: create, change or move, cancel. Moving or cancelling a stored
occurrence of a rule also writes the rule's exception record, so the two never disagree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learning.homework.services import manageable_homework

from .. import recurrence
from ..models import Group, LessonException, LiveLesson
from ..permissions import require_manage
from ..recurrence import Occurrence
from . import notices
from .conflicts import capacity, check_slot, lock
from .timetable import MAX_LESSON, aware

Status = LiveLesson.Status


def clean_title(title: str | None) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the lesson a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("The title is too long (200 characters at most).")})
    return title


def clean_times(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = aware(start, "start"), aware(end, "end")
    if end <= start:
        raise ValidationError({"end": _("The lesson must end after it starts.")})
    if end - start > MAX_LESSON:
        raise ValidationError({"end": _("A lesson can last 12 hours at most.")})
    return start, end


def clean_homework(user, homework):
    if homework is None:
        return None
    if not manageable_homework(user).filter(pk=homework.pk).exists():
        raise ValidationError({"homework": _("You can only give homework you manage.")})
    return homework


@transaction.atomic
def create_lesson(
    teacher,
    group: Group,
    *,
    title: str,
    start: datetime,
    end: datetime,
    homework=None,
) -> tuple[LiveLesson, str | None]:
    """A one-off lesson for the group; returns (lesson, the pool's capacity warning or None)."""
    require_manage(teacher, group)
    title = clean_title(title)
    start, end = clean_times(start, end)
    homework = clean_homework(teacher, homework)
    lock(group.teacher_id, group.pk)
    check_slot(group.teacher_id, group.pk, start, end)
    lesson = LiveLesson.objects.create(
        group=group,
        teacher_id=group.teacher_id,
        title=title,
        start=start,
        end=end,
        homework=homework,
    )
    warning = capacity(start, end, recurrence.lesson_key(lesson.pk))
    return lesson, warning


LESSON_FIELDS = {"title", "start", "end", "homework"}


@transaction.atomic
def update_lesson(user, lesson: LiveLesson, **changes) -> tuple[LiveLesson, str | None]:
    """Change a lesson's title, homework or times (times only while it is scheduled).

    Moving a stored occurrence of a rule also records the move on the rule's exception.
    """
    unknown = set(changes) - LESSON_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    group = lesson.group
    require_manage(user, group)
    if "title" in changes:
        lesson.title = clean_title(changes["title"])
    if "homework" in changes:
        lesson.homework = clean_homework(user, changes["homework"])
    moved = False
    old_start = lesson.start
    if "start" in changes or "end" in changes:
        start, end = clean_times(changes.get("start", lesson.start), changes.get("end", lesson.end))
        moved = (start, end) != (lesson.start, lesson.end)
    warning = None
    if moved:
        if lesson.status != Status.SCHEDULED:
            raise ValidationError(
                {
                    "start": _("Only a scheduled lesson can be moved; this one is %(status)s.")
                    % {"status": lesson.get_status_display()}
                }
            )
        lock(lesson.teacher_id, lesson.group_id)
        check_slot(lesson.teacher_id, lesson.group_id, start, end, ignore=_same_as(lesson))
        lesson.start, lesson.end = start, end
        if lesson.rule_id is not None and lesson.occurrence_date is not None:
            LessonException.objects.update_or_create(
                rule_id=lesson.rule_id,
                original_date=lesson.occurrence_date,
                defaults={"cancelled": False, "new_start": start, "new_end": end},
            )
    lesson.save()
    if moved:
        key = recurrence.lesson_key(lesson.pk)
        warning = capacity(start, end, key)
        notices.lesson_moved(
            user, group, title=lesson.title, key=key, old_start=old_start, new_start=start
        )
    return lesson, warning


def _same_as(lesson: LiveLesson) -> Callable[[Occurrence], bool]:
    def same(occurrence: Occurrence) -> bool:
        return occurrence.lesson_id == lesson.pk or (
            lesson.rule_id is not None
            and (occurrence.rule_id, occurrence.occurrence_date)
            == (lesson.rule_id, lesson.occurrence_date)
        )

    return same


@transaction.atomic
def cancel_lesson(user, lesson: LiveLesson) -> LiveLesson:
    """Cancel a scheduled lesson (a rule's occurrence: also on the rule's exception record)."""
    require_manage(user, lesson.group)
    if lesson.status == Status.CANCELLED:
        return lesson
    if lesson.status != Status.SCHEDULED:
        raise ValidationError(
            _("Only a scheduled lesson can be cancelled; this one is %(status)s.")
            % {"status": lesson.get_status_display()}
        )
    lesson.status = Status.CANCELLED
    lesson.save(update_fields=["status"])
    if lesson.rule_id is not None and lesson.occurrence_date is not None:
        LessonException.objects.update_or_create(
            rule_id=lesson.rule_id,
            original_date=lesson.occurrence_date,
            defaults={"cancelled": True, "new_start": None, "new_end": None},
        )
    notices.lesson_cancelled(
        user,
        lesson.group,
        title=lesson.title,
        key=recurrence.lesson_key(lesson.pk),
        start=lesson.start,
    )
    return lesson
