"""Comments on a lesson, a homework or a submission: who may read and write, threads, notices.

The rules, once, for the site (comment_views, the {% comment_thread %} tag) and the API
(comment_api):

- A submission's comments are for its student, the homework's teachers and staff; a lesson's
  for the course's enrolled learners, its teacher and staff (a free preview lesson is open to
  everyone, its comments are not); a homework's for whoever may open the homework.
- Replies go one level deep. Replying to a reply attaches the new comment to the top-level
  comment (the conversation stays in one place, the "Reply" button works everywhere).
- Authors edit and delete their own comments; staff delete any. Deleting a top-level comment
  deletes its replies too (they answer it and make no sense alone).
- A comment on a submission notifies the other party (the student, or the homework's
  teachers); a reply notifies the author of the comment answered. Once per comment and person.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.services import notify
from courses.models import CoursePage, LessonPage
from courses.services import has_course_access, is_staff, teaches

from .models import Comment, Homework, Submission
from .services import can_view_homework, can_view_submission

if TYPE_CHECKING:
    from collections.abc import Iterable

    from accounts.models import User

Target = LessonPage | Homework | Submission

MAX_LENGTH = 5000
NOTIFY_KIND = "messages"
# auto_now and auto_now_add differ by microseconds on creation; a later save is an edit.
EDIT_TOLERANCE = timedelta(seconds=1)


# ---------------------------------------------------------------------------------------------
# Targets


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
    try:
        if isinstance(target, LessonPage):
            return target.get_url() or ""
        if isinstance(target, Homework):
            return reverse("homework:detail", kwargs={"homework_id": target.pk})
        return reverse("homework:submission", kwargs={"submission_id": target.pk})
    except NoReverseMatch:
        return ""


def _course_of(target: Target) -> CoursePage | None:
    if isinstance(target, LessonPage):
        return target.course
    homework = target.homework if isinstance(target, Submission) else target
    return homework.course if homework.course_id else None


def teacher_ids(target: Target) -> set[int]:
    """The course's and the homework's teachers, to mark their comments in a thread."""
    ids: set[int] = set()
    course = _course_of(target)
    if course is not None:
        ids.update(pk for pk in (course.teacher_id, course.owner_id) if pk)
    if not isinstance(target, LessonPage):
        homework = target.homework if isinstance(target, Submission) else target
        if homework.owner_id:
            ids.add(homework.owner_id)
    return ids


# ---------------------------------------------------------------------------------------------
# Who may read and write


def can_read(user, target: Target) -> bool:
    """Whether this person may see the target's comments (see the module's docstring)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if isinstance(target, LessonPage):
        course = target.course
        # An unpublished lesson is for its makers only; the free-preview rule is not applied.
        if not target.live:
            return is_staff(user) or teaches(user, course)
        return has_course_access(user, course)
    if isinstance(target, Homework):
        return can_view_homework(user, target)
    if isinstance(target, Submission):
        return can_view_submission(user, target)
    raise TypeError(f"Comments are not possible on {type(target).__name__}")


def can_write(user, target: Target) -> bool:
    """Everyone who may read a thread may write in it."""
    return can_read(user, target)


def may_edit(user, comment: Comment) -> bool:
    """The author only (no query); editing also needs write access to the target."""
    return bool(user and user.is_authenticated and comment.author_id == user.pk)


def may_delete(user, comment: Comment) -> bool:
    """The author or staff (no query). Authors may remove their own words even after
    losing access to the target."""
    return may_edit(user, comment) or is_staff(user)


def is_edited(comment: Comment) -> bool:
    return bool(
        comment.created_at
        and comment.updated_at
        and comment.updated_at - comment.created_at > EDIT_TOLERANCE
    )


# ---------------------------------------------------------------------------------------------
# Reading


def replies_queryset() -> QuerySet[Comment]:
    return Comment.objects.select_related("author").order_by("created_at", "pk")


def thread(user, target: Target) -> QuerySet[Comment]:
    """Top-level comments, newest first, with their replies (oldest first) prefetched.

    Slice or paginate it freely: a page costs one query for the comments and one for all
    their replies, whatever its size. PermissionDenied for people who may not read.
    """
    if not can_read(user, target):
        raise PermissionDenied(_("You cannot read these comments."))
    return thread_queryset(target)


def thread_queryset(target: Target) -> QuerySet[Comment]:
    """thread() without the permission check, for callers that have just made it."""
    return (
        comments_on(target)
        .filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies_queryset()))
        .order_by("-created_at", "-pk")
    )


# ---------------------------------------------------------------------------------------------
# Writing


def clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write something first.")]}, code="required")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("A comment can be at most %(max)s characters long (this one has %(n)s).")
                    % {"max": MAX_LENGTH, "n": len(text)}
                ]
            },
            code="max_length",
        )
    return text


def add_comment(user, target: Target, text: str, parent: Comment | None = None) -> Comment:
    """Post a comment (or a reply to ``parent``) and notify the people it concerns.

    A reply to a reply is attached to the top-level comment; the parent must be on the same
    target. The comment and its notices are written together or not at all.
    """
    if not can_write(user, target):
        raise PermissionDenied(_("You cannot comment here."))
    text = clean_text(text)
    field = target_field(target)
    with transaction.atomic():
        answered = None
        if parent is not None:
            # Locked so it cannot vanish between the check and the insert.
            answered = (
                Comment.objects.select_for_update(of=("self",))
                .select_related("author")
                .filter(pk=parent.pk)
                .first()
            )
            if answered is None:
                raise ValidationError(
                    {"parent": [_("The comment you reply to has been deleted.")]}, code="gone"
                )
            if not is_on(answered, target):
                raise ValidationError(
                    {"parent": [_("You can reply only to a comment in the same discussion.")]},
                    code="other_target",
                )
        top = answered
        if answered is not None and answered.parent_id is not None:
            top = Comment.objects.select_related("author").get(pk=answered.parent_id)
        comment = Comment.objects.create(author=user, text=text, parent=top, **{field: target})
        _notify(comment, target, answered=answered, top=top)
    return comment


def edit_comment(user, comment: Comment, text: str) -> Comment:
    """The author changes the text of their comment."""
    if not may_edit(user, comment):
        raise PermissionDenied(_("You can edit only your own comments."))
    if not can_write(user, target_of(comment)):
        raise PermissionDenied(_("You cannot comment here."))
    text = clean_text(text)
    now = timezone.now()
    if not Comment.objects.filter(pk=comment.pk).update(text=text, updated_at=now):
        raise ValidationError(_("This comment has been deleted."), code="gone")
    comment.text = text
    comment.updated_at = now
    return comment


def delete_comment(user, comment: Comment) -> int:
    """The author or staff delete a comment; a top-level comment takes its replies with it.

    Returns how many comments were deleted (0 if it was already gone).
    """
    if not may_delete(user, comment):
        raise PermissionDenied(_("You can delete only your own comments."))
    deleted, _rows = Comment.objects.filter(pk=comment.pk).delete()
    return deleted


# ---------------------------------------------------------------------------------------------
# Notifications


def homework_teachers(homework: Homework, student=None) -> QuerySet[User]:
    """Who teaches this homework: its owner, the course's teacher (or owner without one),
    and the teachers of the student's groups it was given to."""
    User = get_user_model()
    condition = Q(pk__in=[])
    if homework.owner_id:
        condition |= Q(pk=homework.owner_id)
    course = homework.course if homework.course_id else None
    if course is not None and (course.teacher_id or course.owner_id):
        condition |= Q(pk=course.teacher_id or course.owner_id)
    if student is not None:
        from learning.schedule.models import Group  # the timetable builds on homework

        groups = Group.objects.filter(memberships__student=student).filter(
            Q(lessons__homework=homework) | Q(rules__homework=homework)
        )
        condition |= Q(pk__in=groups.values("teacher_id"))
    return User.objects.filter(condition, is_active=True).distinct()


def recipients(comment: Comment, target: Target, answered: Comment | None = None) -> list[User]:
    """Who hears about a new comment (never its author).

    On a submission: the student when someone else writes, the homework's teachers when the
    student writes. For a reply: the author of the comment answered and of its thread.
    """
    people: dict[int, User] = {}

    def add(users: Iterable[User]) -> None:
        for person in users:
            if person is not None and person.pk != comment.author_id:
                people.setdefault(person.pk, person)

    if isinstance(target, Submission):
        if comment.author_id == target.student_id:
            add(homework_teachers(target.homework, target.student))
        else:
            add([target.student])
    if comment.parent is not None:
        add([comment.parent.author])
    if answered is not None:
        add([answered.author])
    return list(people.values())


def _notify(comment: Comment, target: Target, answered: Comment | None, top: Comment | None):
    people = recipients(comment, target, answered)
    if not people:
        return
    author = comment.author
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "title": target_title(target),
            "author": author.get_full_name() or author.get_short_name(),
        }
        url = target_url(target)
        if url:
            url = f"{url}#comment-{comment.pk}"
        body = str(_("%(author)s wrote:") % context) + "\n\n" + Truncator(comment.text).chars(500)
        # People whose comment was answered hear of a reply; the others of a new comment.
        answered_authors = {c.author_id for c in (top, answered) if c is not None}
        for person in people:
            if person.pk in answered_authors:
                title = _("%(author)s replied to your comment on “%(title)s”") % context
            else:
                title = _("New comment on “%(title)s”") % context
            notify(person, NOTIFY_KIND, str(title), body=body, url=url, key=f"comment:{comment.pk}")
