"""What a comment can be on: a lesson, a homework or a submission, and what follows from it
(the Comment field that points at it, its title, its page, its teachers)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from courses.models import CoursePage, LessonPage
from learning.homework.models import Homework, Submission

from .models import Comment

Target = LessonPage | Homework | Submission


def target_field(target: Target) -> str:
    """The Comment field that points at this target: "lesson", "homework" or "submission"."""
    if isinstance(target, LessonPage):
        return "lesson"
    if isinstance(target, Homework):
        return "homework"
    if isinstance(target, Submission):
        return "submission"
    raise TypeError(f"Comments are not possible on {type(target).__name__}")


def target_of(comment: Comment) -> Target:
    """What the comment is on (one query unless the relation was selected)."""
    if comment.lesson_id is not None:
        return comment.lesson
    if comment.homework_id is not None:
        return comment.homework
    return comment.submission


def is_on(comment: Comment, target: Target) -> bool:
    field = target_field(target)
    return getattr(comment, f"{field}_id") == target.pk


def comments_on(target: Target) -> QuerySet[Comment]:
    """Every comment on the target (top-level and replies), no permission check."""
    return Comment.objects.filter(**{target_field(target): target})


def target_title(target: Target) -> str:
    if isinstance(target, Submission):
        return target.homework.title
    return target.title


def target_url(target: Target) -> str:
    """Where the target's comments are shown on the site ("" when it has no page)."""
    if isinstance(target, LessonPage):
        return target.get_url() or ""
    if isinstance(target, Homework):
        return reverse("homework:detail", kwargs={"homework_id": target.pk})
    return reverse("homework:submission", kwargs={"submission_id": target.pk})


def homework_of(target: Target) -> Homework | None:
    if isinstance(target, LessonPage):
        return None
    return target.homework if isinstance(target, Submission) else target


def course_of(target: Target) -> CoursePage | None:
    if isinstance(target, LessonPage):
        return target.course
    homework = homework_of(target)
    return homework.course if homework.course_id else None


def teacher_ids(target: Target) -> set[int]:
    """The course's and the homework's teachers, to mark their comments in a thread."""
    ids: set[int] = set()
    course = course_of(target)
    if course is not None:
        ids.update(pk for pk in (course.teacher_id, course.owner_id) if pk)
    homework = homework_of(target)
    if homework is not None and homework.owner_id:
        ids.add(homework.owner_id)
    return ids
