"""Attendance: the teacher marks the whole group at once; members read their own record."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import NotAllowed

from ..models import Attendance, LiveLesson
from ..permissions import can_manage_group, is_member, require_manage

Status = LiveLesson.Status
# Attendance can be marked from a little before the start (the teacher opens the room early).
ATTENDANCE_FROM = timedelta(minutes=15)
# The marks that mean the student was there.
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)

# Sent after commit when students are newly marked as attending a lesson (present or late),
# with ``lesson`` and ``student_ids``; reviews listens (an invitation to review the tutor).
attendance_marked = Signal()


def _parse_marks(marks: Mapping[int, Any]) -> dict[int, tuple[str, str]]:
    parsed = {}
    for student_id, value in marks.items():
        status, note = (value, "") if isinstance(value, str) else value
        if status not in Attendance.Status.values:
            raise ValidationError(
                {"marks": _("Unknown attendance status “%(status)s”.") % {"status": status}}
            )
        note = (note or "").strip()
        if len(note) > 255:
            raise ValidationError({"marks": _("A note can be 255 characters at most.")})
        parsed[int(student_id)] = (status, note)
    return parsed


@transaction.atomic
def mark_attendance(
    teacher, lesson: LiveLesson, marks: Mapping[int, tuple[str, str] | str]
) -> list[Attendance]:
    """Record attendance for the whole group at once.

    ``marks`` maps student ids to (status, note); a member not in it keeps their record, or
    is marked present if they have none ("everyone present" by default). Only the group's
    members can be marked, by its teacher or staff, once the lesson is about to start.
    """
    require_manage(teacher, lesson.group)
    if lesson.status == Status.CANCELLED:
        raise ValidationError(_("The lesson is cancelled: there is no attendance to mark."))
    if lesson.status == Status.SCHEDULED and timezone.now() < lesson.start - ATTENDANCE_FROM:
        raise ValidationError(_("Attendance can be marked once the lesson is about to start."))
    parsed = _parse_marks(marks)
    members = set(lesson.group.memberships.values_list("student_id", flat=True))
    strangers = sorted(set(parsed) - members)
    if strangers:
        raise ValidationError(
            {
                "marks": _("Not in the group: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in strangers)}
            }
        )
    existing = {a.student_id: a for a in Attendance.objects.filter(lesson=lesson)}
    new, changed = [], []
    for student_id in members:
        record = existing.get(student_id)
        status, note = parsed.get(student_id, (None, None))
        if record is None:
            new.append(
                Attendance(
                    lesson=lesson,
                    student_id=student_id,
                    status=status or Attendance.Status.PRESENT,
                    note=note or "",
                )
            )
        elif status is not None and (record.status, record.note) != (status, note):
            record.status, record.note = status, note
            changed.append(record)
    attended_before = {pk for pk, a in existing.items() if a.status in ATTENDED}
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "note"])
    now_attending = sorted(
        a.student_id
        for a in [*new, *changed]
        if a.status in ATTENDED and a.student_id not in attended_before
    )
    if now_attending:
        transaction.on_commit(
            lambda: attendance_marked.send(
                sender=Attendance, lesson=lesson, student_ids=now_attending
            )
        )
    return list(
        Attendance.objects.filter(lesson=lesson)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__email")
    )


def attendance_for(user, lesson: LiveLesson) -> list[Attendance]:
    """The teacher (and staff): a row for every member and everyone with a record, unsaved
    rows (pk None, present) for members not marked yet. A member: their own record, if any."""
    if can_manage_group(user, lesson.group):
        saved = Attendance.objects.filter(lesson=lesson).select_related("student")
        records = {a.student_id: a for a in saved}
        for membership in lesson.group.memberships.select_related("student"):
            if membership.student_id not in records:
                records[membership.student_id] = Attendance(
                    lesson=lesson, student=membership.student, status=Attendance.Status.PRESENT
                )
        return sorted(
            records.values(),
            key=lambda a: (a.student.last_name, a.student.first_name, a.student.email),
        )
    if (
        is_member(user, lesson.group)
        or Attendance.objects.filter(lesson=lesson, student=user).exists()
    ):
        own = Attendance.objects.filter(lesson=lesson, student=user).select_related("student")
        return list(own)
    raise NotAllowed(_("This lesson belongs to a group you are not in."))
