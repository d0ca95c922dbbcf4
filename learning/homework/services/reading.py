"""What a person may list: a lesson's homework, the attempts at a homework (with the check),
a learner's own homework."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.permissions import require
from courses.services import has_course_access

from ..models import Homework, Submission
from ..permissions import can_grade, can_take, readable_homework, takeable_homework


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
    if can_grade(user, homework):
        return submissions
    require(can_take(user, homework), _("Enrol in the course to see this homework."))
    return submissions.filter(student=user)


def learner_homework(user) -> QuerySet[Homework]:
    """The homework this person has to do (``takeable_homework``: their courses' and groups'),
    not of an unpublished lesson; the latest due date first, none last. Each carries the
    person's own attempts, the latest first, as ``my_submissions`` (one query for a page)."""
    own = Submission.objects.filter(student=user).order_by("-attempt", "-pk")
    return (
        takeable_homework(user)
        .filter(Q(lesson__isnull=True) | Q(lesson__live=True))
        .select_related("course", "lesson")
        .prefetch_related(Prefetch("submissions", queryset=own, to_attr="my_submissions"))
        .order_by(F("due_at").desc(nulls_last=True), "-created_at", "-pk")
    )
