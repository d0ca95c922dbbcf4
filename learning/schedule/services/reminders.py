"""Lesson reminders: a notice to the teacher and students shortly before each lesson."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify

from .. import recurrence
from ..app_settings import app_settings
from ..models import LiveLesson, Membership
from ..recurrence import Occurrence
from .timetable import all_occurrences

Status = LiveLesson.Status


def reminder_minutes() -> int:
    return app_settings.LESSON_REMINDER_MINUTES


def reminder_key(occurrence: Occurrence) -> str:
    """Once per occurrence and start time: stable when a rule's occurrence becomes a stored
    lesson; a lesson moved to another time is reminded of again at the new time."""
    if occurrence.rule_id is not None and occurrence.occurrence_date is not None:
        base = recurrence.rule_key(occurrence.rule_id, occurrence.occurrence_date)
    else:
        base = occurrence.key
    return f"reminder:{base}:{occurrence.start.astimezone(UTC):%Y%m%dT%H%M}"


def send_reminders(now: datetime | None = None) -> int:
    """Notify the teacher and students of every lesson starting within the reminder time.

    Returns how many notices were made (repeat runs make none for the same lessons).
    """
    now = now or timezone.now()
    upcoming = [
        occurrence
        for occurrence in all_occurrences(now, now + timedelta(minutes=reminder_minutes()))
        if occurrence.start >= now and occurrence.status == Status.SCHEDULED
    ]
    if not upcoming:
        return 0
    group_ids = {occurrence.group_id for occurrence in upcoming}
    members: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        group_id__in=group_ids, student__is_active=True
    ).select_related("student"):
        members.setdefault(membership.group_id, []).append(membership.student)
    teachers = User.objects.in_bulk({occurrence.teacher_id for occurrence in upcoming})
    sent = 0
    for occurrence in upcoming:
        url = reverse("schedule:lesson", kwargs={"key": occurrence.key})
        title = _("Lesson “%(title)s” starts at %(time)s") % {
            "title": occurrence.title,
            "time": formats.time_format(timezone.localtime(occurrence.start), "H:i"),
        }
        people = [teachers.get(occurrence.teacher_id), *members.get(occurrence.group_id, [])]
        for person in people:
            if person is None:
                continue
            notice = notify(person, "lessons", title, url=url, key=reminder_key(occurrence))
            sent += notice is not None
    return sent
