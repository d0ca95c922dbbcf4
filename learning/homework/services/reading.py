"""What a person may list: a lesson's homework, the attempts at a homework (with the check),
a learner's own homework."""

from __future__ import annotations

from django.db.models import BooleanField, Case, F, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import personal
from core.permissions import is_signed_in, require
from courses.services import has_course_access
from home import page_cache

from .. import signals
from ..models import Homework, Submission
from ..permissions import (
    can_grade,
    can_take,
    readable_homework,
    sees_all_attempts,
    takeable_homework,
)


def lesson_homework(user, lesson) -> QuerySet[Homework]:
    """The lesson's homework this person may open; NotAllowed for someone who may open
    none of it and has no access to the course."""
    homework = readable_homework(user, lesson)
    require(
        homework.exists() or has_course_access(user, lesson.course),
        _("Enrol in the course to see its homework."),
    )
    return homework


def visible_submissions(
    user, homework: Homework, submissions: QuerySet[Submission]
) -> QuerySet[Submission]:
    """Attempts at the homework: all for its graders, their own for students who may take it."""
    if sees_all_attempts(user, homework):
        return submissions
    if can_grade(user, homework):  # a self-check test's author
        return submissions.filter(student=user)
    require(can_take(user, homework), _("Enrol in the course to see this homework."))
    return submissions.filter(student=user)


# The learner still owes the work: nothing handed in, an attempt under way, or returned.
OWED = (Submission.Status.IN_PROGRESS, Submission.Status.RETURNED)


def learner_homework(user) -> QuerySet[Homework]:
    """The homework this person has to do (``takeable_homework``: their courses' and groups'),
    not of an unpublished lesson; the latest due date first, none last.

    Each carries ``owed`` (their latest attempt is missing, under way or returned) and their
    own attempts, the latest first, as ``my_submissions`` (one more query for a page).
    """
    own = Submission.objects.filter(student=user).order_by("-attempt", "-pk")
    latest = own.filter(homework=OuterRef("pk")).values("status")[:1]
    return (
        takeable_homework(user)
        .filter(Q(lesson__isnull=True) | Q(lesson__live=True))
        .annotate(latest_status=Subquery(latest))
        .annotate(
            owed=Case(
                When(Q(latest_status__isnull=True) | Q(latest_status__in=OWED), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .select_related("course", "lesson")
        .prefetch_related(Prefetch("submissions", queryset=own, to_attr="my_submissions"))
        .order_by(F("due_at").desc(nulls_last=True), "-created_at", "-pk")
    )


def upcoming_deadlines(user, *, limit: int = 5) -> list[Homework]:
    """The person's owed homework whose due date is still ahead, the nearest first, with
    what the desk shows of each (its title, kind, due date and course's title).

    Kept for the person (core.personal) until their enrollments or attempts change, homework
    or the timetable changes (``signals.CHANGED``), a page is published, or the nearest due
    date passes."""
    if not is_signed_in(user):
        return []

    def ahead() -> list[Homework]:
        return list(
            learner_homework(user)
            .filter(owed=True, due_at__gte=timezone.now())
            .prefetch_related(None)  # the attempts are not shown
            .select_related(None)
            .select_related("course")
            # Two pages' eighty columns made into models cost more than the query itself.
            .only("pk", "title", "kind", "due_at", "course_id", "course__title")
            .order_by("due_at", "pk")[:limit]
        )

    def until_the_first_is_due(rows: list[Homework]) -> int:
        return personal.until(rows[0].due_at if rows else None)

    return personal.kept(
        user,
        "deadlines",
        (limit,),
        ahead,
        also=(signals.CHANGED, page_cache.CONTENT_KEY),
        timeout=until_the_first_is_due,
    )
