"""Who has the course: granting, free enrollment, revoking, the student counts (the rules:
permissions.py)."""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.permissions import is_signed_in
from courses import card_cache
from courses.models import CoursePage

from .. import notices
from ..errors import EnrollmentError
from ..errors import NotEnrolled as NotEnrolled  # re-exported: callers catch it from here
from ..models import Enrollment
from ..permissions import is_enrolled as is_enrolled  # re-exported: other apps ask it here
from ..permissions import lapsed_enrollment as lapsed_enrollment  # the lesson gate asks it
from ..permissions import open_enrollment_now
from ..permissions import open_enrollments as open_enrollments  # homework lists by it
from ..permissions import same_course as _same_course
from .expiry import expire_due

logger = logging.getLogger(__name__)


def recount_students(course: CoursePage) -> int:
    """Kept right by signals on every enrollment change (services, admin, payments).

    A course's learners are those of every translation of it (an enrollment covers them all),
    each counted once, and every translation shows that number.
    """
    count = (
        Enrollment.objects.filter(_same_course(course), status__in=Enrollment.OPEN)
        .values("user")
        .distinct()
        .count()
    )
    CoursePage.objects.filter(translation_key=course.translation_key).update(students_count=count)
    course.students_count = count
    card_cache.changed()  # the API's cached course list shows the number
    return count


@transaction.atomic
def grant(user, course: CoursePage, source: str, *, expires_at=None) -> tuple[Enrollment, bool]:
    """Give the course to the person; returns (enrollment, created). Safe to call twice.

    The partial unique constraint allows one active enrollment per person and course, so
    two concurrent calls (a webhook and the success page) end with one row. An enrollment
    whose end date has passed is marked expired first, so buying the course again opens
    it again. The learner is told (a purchase's receipt tells them instead).
    """
    expire_due(user=user, course=course)
    existing = open_enrollment_now(user, course)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                user=user, course=course, source=source, expires_at=expires_at
            )
    except IntegrityError:
        return Enrollment.objects.get(
            user=user, course=course, status=Enrollment.Status.ACTIVE
        ), False
    recount_students(course)
    logger.info(
        "Enrollment %s: user %s enrolled in course %s (%s)",
        enrollment.pk,
        user.pk,
        course.pk,
        source,
    )
    if source != Enrollment.Source.PURCHASE:
        notices.enrolled(enrollment)
    return enrollment, True


def staff_enrolled(enrollment: Enrollment) -> None:
    """Staff made an enrollment in the admin: an open one is announced like a grant."""
    if enrollment.status in Enrollment.OPEN and not enrollment.has_lapsed:
        notices.enrolled(enrollment)


def enroll_free(user, course: CoursePage) -> tuple[Enrollment, bool]:
    """Enrol in a free course; EnrollmentError (naming the "course" field) when it is not one."""
    if not is_signed_in(user):
        raise EnrollmentError(_("Sign in to enrol."), field="course")
    if not course.live or course.is_archived:
        raise EnrollmentError(_("This course is not open for enrolment."), field="course")
    if not course.is_free:
        raise EnrollmentError(_("This course is paid: buy it to start learning."), field="course")
    return grant(user, course, Enrollment.Source.FREE)


@transaction.atomic
def revoke(enrollment: Enrollment, status: str = Enrollment.Status.REFUNDED) -> Enrollment:
    """Close an enrollment (refund, staff's decision); the lessons lock again."""
    enrollment.status = status
    enrollment.save(update_fields=["status"])
    logger.info("Enrollment %s closed: %s", enrollment.pk, status)
    return enrollment
