"""The teacher's review queue: handed-in work waiting for them."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Submission
from ..permissions import manageable_homework

Status = Submission.Status


def review_queue(user, *, course=None, homework=None, status=None) -> QuerySet[Submission]:
    """Submissions waiting for this teacher, oldest first (all teachers' for staff).

    Filters: a course (any translation), a homework, a status (default: needs review).
    """
    statuses = [status] if status else [Status.NEEDS_REVIEW]
    queryset = (
        Submission.objects.filter(status__in=statuses, homework__in=manageable_homework(user))
        .select_related("student", "homework", "homework__course", "homework__lesson")
        .order_by("submitted_at", "pk")
    )
    if course is not None:
        queryset = queryset.filter(homework__course__translation_key=course.translation_key)
    if homework is not None:
        queryset = queryset.filter(homework=homework)
    return queryset
