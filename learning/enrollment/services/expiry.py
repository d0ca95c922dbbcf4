"""Expiry: access ends at ``expires_at`` (checked on every access: permissions.in_force); the
beat task writes the status and reminds learners a week before."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage

from .. import notices
from ..errors import NotEnrolled as NotEnrolled  # re-exported: callers catch it from here
from ..models import Enrollment
from ..permissions import (
    in_force,
    open_enrollment,
)
from ..permissions import is_enrolled as is_enrolled  # re-exported: other apps ask it here
from ..permissions import lapsed_enrollment as lapsed_enrollment  # the lesson gate asks it
from ..permissions import open_enrollments as open_enrollments  # homework lists by it
from ..permissions import same_course as _same_course

ARCHIVE_AFTER = timedelta(days=30)
# How long before an enrollment's end date its learner is reminded (once).
EXPIRY_NOTICE_BEFORE = timedelta(days=7)

logger = logging.getLogger(__name__)


def expire_due(now=None, *, user=None, course: CoursePage | None = None) -> int:
    """Mark open enrollments past their end date "expired" (all, or one person's course).

    Access already ended at the end date; this makes the status say so (lists, admin,
    counters). Returns how many changed.
    """
    lapsed = Enrollment.objects.filter(status__in=Enrollment.OPEN).exclude(in_force(now))
    if user is not None:
        lapsed = lapsed.filter(user=user)
    if course is not None:
        lapsed = lapsed.filter(_same_course(course))
    changed = 0
    for enrollment in lapsed.select_related("course"):
        enrollment.status = Enrollment.Status.EXPIRED
        enrollment.save(update_fields=["status"])  # the signal recounts the course's learners
        changed += 1
    if changed:
        logger.info("Marked %d enrollments expired", changed)
    return changed


def access_ended(user, course: CoursePage) -> Enrollment | None:
    """The person's enrollment whose access ended, when they have no open one: the lesson
    gate's "your access ended on …, renew" (through ``courses.learners``)."""
    if open_enrollment(user, course) is not None:
        return None
    return lapsed_enrollment(user, course)


def remind_expiring(now=None) -> int:
    """Tell learners whose access ends within a week (once per enrollment and end date)."""
    now = now or timezone.now()
    due = Enrollment.objects.filter(
        status__in=Enrollment.OPEN,
        expires_at__gt=now,
        expires_at__lte=now + EXPIRY_NOTICE_BEFORE,
        user__is_active=True,
    ).select_related("user", "course__locale")
    return sum(1 for enrollment in due if notices.access_ending(enrollment))


def archive_completed(now=None) -> int:
    """Completed courses leave the cabinet's main list 30 days after completion."""
    cutoff = (now or timezone.now()) - ARCHIVE_AFTER
    due = Enrollment.objects.filter(
        status=Enrollment.Status.COMPLETED, completed_at__lte=cutoff, archived_at__isnull=True
    )
    with transaction.atomic():
        rows = list(due.select_for_update().values_list("pk", "user_id"))
        # Enrollment's update() tells the cabinets kept for these people (core.personal).
        Enrollment.objects.filter(pk__in=[pk for pk, _user in rows]).update(
            archived_at=now or timezone.now()
        )
    return len(rows)
