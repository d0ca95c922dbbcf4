"""Receivers (connected in ``apps.py``): the moments that invite a review (issue 13, item 6),
and the figures after a cascade took published reviews along."""

from __future__ import annotations

from django.db import transaction

from core import personal
from learning.enrollment.models import Enrollment
from learning.schedule.models import LiveLesson

from . import services
from .models import Review


def enrollment_completed(sender, enrollment: Enrollment, **kwargs) -> None:
    """Sent by learning.enrollment after the commit that completed a course."""
    services.invite_after_completion(enrollment.user, enrollment.course)


def attendance_marked(sender, lesson: LiveLesson, student_ids: list[int], **kwargs) -> None:
    """Sent by learning.schedule after the commit that marked students present or late."""
    services.invite_after_attendance(lesson.teacher, student_ids)


def review_deleted(sender, instance: Review, **kwargs) -> None:
    """A published review deleted by a cascade (its author's account deleted), not through
    ``services.delete``: the figures are recounted after the commit."""
    if not instance.is_published or getattr(instance, "_recounted", False):
        return
    course_key, tutor_id = instance.course_key, instance.tutor_id
    transaction.on_commit(lambda: services.recount_gone(course_key=course_key, tutor_id=tutor_id))


def author_changed(sender, instance: Review, **kwargs) -> None:
    """The author's eligibility as their pages show it (``permissions.eligibility_shown``)."""
    personal.changed([instance.author_id])
