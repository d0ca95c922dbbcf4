"""Who has a course: the enrollment rules the services enforce and templates may ask."""

from __future__ import annotations

from django.db.models import Q

from core.permissions import is_signed_in
from courses.models import CoursePage, LessonPage

from .errors import NotEnrolled
from .models import Enrollment


def same_course(course: CoursePage) -> Q:
    """An enrollment covers every translation of the course."""
    return Q(course__translation_key=course.translation_key)


def open_enrollment(user, course: CoursePage) -> Enrollment | None:
    """The person's active (else completed) enrollment in the course, if any."""
    if not is_signed_in(user):
        return None
    return (
        Enrollment.objects.filter(same_course(course), user=user, status__in=Enrollment.OPEN)
        .order_by("status")  # active before completed
        .first()
    )


def is_enrolled(user, course: CoursePage) -> bool:
    return open_enrollment(user, course) is not None


def can_track_progress(user, lesson: LessonPage) -> bool:
    """Progress on a lesson is recorded for the course's learners only."""
    return is_enrolled(user, lesson.course)


def require_progress_tracking(user, lesson: LessonPage) -> None:
    if not can_track_progress(user, lesson):
        raise NotEnrolled
