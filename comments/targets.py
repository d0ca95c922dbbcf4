"""What a comment can be on: a lesson, a homework, a submission or a tutor's video post, and
what follows from it (the Comment field that points at it, its title, its page, its teachers,
the tutor of a video post)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.urls import reverse

from courses.models import CoursePage, LessonPage, TutorPage, TutorVideoPage
from learning.homework.models import Homework, Submission

from .models import Comment

Target = LessonPage | Homework | Submission | TutorVideoPage


def target_field(target: Target) -> str:
    """The Comment field that points at this target: "lesson", "homework", "submission" or
    "video"."""
    if isinstance(target, LessonPage):
        return "lesson"
    if isinstance(target, TutorVideoPage):
        return "video"
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
    if comment.video_id is not None:
        return comment.video
    return comment.submission


def is_on(comment: Comment, target: Target) -> bool:
    field = target_field(target)
    return getattr(comment, f"{field}_id") == target.pk


def comments_on(target: Target) -> QuerySet[Comment]:
    """Every comment on the target (top-level and replies), no permission check; hidden ones
    too (visible_on() leaves them out)."""
    return Comment.objects.filter(**{target_field(target): target})


def visible_on(target: Target) -> QuerySet[Comment]:
    """The comments everyone who may read the thread sees (not hidden, nor replies to a hidden
    comment): what a count of "comments on this post" means, e.g. for the feed
    (``visible_on(post).count()``, or ``visible_count_of()`` for a whole page of posts)."""
    return comments_on(target).filter(hidden_at__isnull=True, parent__hidden_at__isnull=True)


def visible_count_of(videos) -> dict[int, int]:
    """{video post id: visible comments} for many posts in one query (posts without comments
    are absent: read it with ``.get(pk, 0)``)."""
    rows = (
        Comment.objects.filter(
            video__in=videos, hidden_at__isnull=True, parent__hidden_at__isnull=True
        )
        .values_list("video_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def target_title(target: Target) -> str:
    if isinstance(target, Submission):
        return target.homework.title
    return target.title


def target_url(target: Target) -> str:
    """Where the target's comments are shown on the site ("" when it has no page)."""
    if isinstance(target, LessonPage | TutorVideoPage):
        return target.get_url() or ""
    if isinstance(target, Homework):
        return reverse("homework:detail", kwargs={"homework_id": target.pk})
    return reverse("homework:submission", kwargs={"submission_id": target.pk})


def homework_of(target: Target) -> Homework | None:
    if isinstance(target, LessonPage | TutorVideoPage):
        return None
    return target.homework if isinstance(target, Submission) else target


def course_of(target: Target) -> CoursePage | None:
    if isinstance(target, LessonPage):
        return target.course
    if isinstance(target, TutorVideoPage):
        return None
    homework = homework_of(target)
    return homework.course if homework.course_id else None


def teacher_ids(target: Target) -> set[int]:
    """The course's and the homework's teachers (a video post's tutor), to mark their comments
    in a thread."""
    if isinstance(target, TutorVideoPage):
        tutor = tutor_id(target)
        return {tutor} if tutor else set()
    ids: set[int] = set()
    course = course_of(target)
    if course is not None:
        ids.update(pk for pk in (course.teacher_id, course.owner_id) if pk)
    homework = homework_of(target)
    if homework is not None and homework.owner_id:
        ids.add(homework.owner_id)
    return ids


def tutor_id(video: TutorVideoPage) -> int | None:
    """The post's tutor: the account of the tutor page it is under, else the post's owner.

    One query, remembered on the page object (a thread asks it for every row's buttons).
    """
    if not hasattr(video, "_comments_tutor_id"):
        parent_user = (
            TutorPage.objects.filter(depth=video.depth - 1, path=video.path[: -TutorPage.steplen])
            .values_list("user_id", flat=True)
            .first()
        )
        video._comments_tutor_id = parent_user or video.owner_id
    return video._comments_tutor_id
