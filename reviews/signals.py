"""Receivers (connected in ``apps.py``): the moments that invite a review (issue 13, item 6)."""

from __future__ import annotations

from learning.enrollment.models import Enrollment
from learning.schedule.models import LiveLesson

from . import services


def enrollment_completed(sender, enrollment: Enrollment, **kwargs) -> None:
    """Sent by learning.enrollment after the commit that completed a course."""
    services.invite_after_completion(enrollment.user, enrollment.course)


def attendance_marked(sender, lesson: LiveLesson, student_ids: list[int], **kwargs) -> None:
    """Sent by learning.schedule after the commit that marked students present or late."""
    services.invite_after_attendance(lesson.teacher, student_ids)
