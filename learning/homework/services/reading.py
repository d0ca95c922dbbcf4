"""What a person may list: a lesson's homework, the attempts at a homework (with the check)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.permissions import require
from courses.services import has_course_access

from ..models import Homework, Submission
from ..permissions import can_grade, can_take, readable_homework


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
