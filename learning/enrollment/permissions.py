"""Who has a course: the enrollment rules the services enforce and templates may ask."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from core import personal
from core.memo import remembered
from core.permissions import is_signed_in
from courses.models import CoursePage, LessonPage

from .errors import NotEnrolled
from .models import Enrollment


def same_course(course: CoursePage) -> Q:
    """An enrollment covers every translation of the course."""
    return Q(course__translation_key=course.translation_key)


def in_force(now=None) -> Q:
    """Enrollments whose access has not ended: no end date, or one still ahead.

    Checked on every access, so the lessons close the moment ``expires_at`` passes; the
    beat task (``services.expire_due``) only writes the "expired" status afterwards.
    """
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now())


def open_enrollments(user) -> QuerySet[Enrollment]:
    """The person's enrollments that give access: active or completed, and in force."""
    if not is_signed_in(user):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(in_force(), user=user, status__in=Enrollment.OPEN)


MEMO = "enrollment"  # core.memo's namespace: forgotten when any enrollment is saved or deleted


def open_enrollment(user, course: CoursePage) -> Enrollment | None:
    """The person's active (else completed) enrollment in the course, if any and in force.

    Asked by several parts of one page (access, progress, the course's action): answered once
    per request (core.memo), from the person's open enrollments in the course as kept for them
    (core.personal: every change to an enrollment bumps its person), judged by the clock."""
    if not is_signed_in(user):
        return None

    def judged() -> Enrollment | None:
        rows = personal.kept(
            user,
            "open-enrollments",
            (str(course.translation_key),),
            lambda: list(
                Enrollment.objects.filter(
                    same_course(course), user=user, status__in=Enrollment.OPEN
                )
            ),
        )
        now = timezone.now()
        in_force = [row for row in rows if row.expires_at is None or row.expires_at > now]
        # Active before completed, as the query of open_enrollment_now orders them.
        return min(in_force, key=lambda row: (row.status, row.pk), default=None)

    return remembered(MEMO, (user.pk, course.translation_key), judged)


def open_enrollment_now(user, course: CoursePage) -> Enrollment | None:
    """``open_enrollment`` asked of the database, for a change about to be made from it (a
    transaction's own rows are not kept for others)."""
    if not is_signed_in(user):
        return None
    return open_enrollments(user).filter(same_course(course)).order_by("status").first()


def lapsed_enrollment(user, course: CoursePage) -> Enrollment | None:
    """The person's latest enrollment whose access ended (expired, or past its end date and
    not yet marked), when they have no open one: what the lesson gate explains."""
    if not is_signed_in(user):
        return None
    lapsed = Q(status=Enrollment.Status.EXPIRED) | (Q(status__in=Enrollment.OPEN) & ~in_force())
    return (
        Enrollment.objects.filter(same_course(course), lapsed, user=user)
        .order_by("-expires_at", "-enrolled_at")
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
