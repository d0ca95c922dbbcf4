"""Who hears about a new comment, and the notice they get.

A comment on a submission notifies the other party (the student, or the homework's
teachers); a comment on a video post notifies the post's tutor; a reply notifies the author
of the comment answered. Once per comment and person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.services import notify
from courses.models import TutorVideoPage
from learning.homework.models import Homework, Submission
from learning.schedule.models import Group

from .models import Comment
from .targets import Target, target_title, target_url, tutor_id

if TYPE_CHECKING:
    from accounts.models import User

NOTIFY_KIND = "messages"


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
    User = get_user_model()
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
    if isinstance(target, TutorVideoPage) and (tutor := tutor_id(target)):
        add(User.objects.filter(pk=tutor, is_active=True))
    if comment.parent is not None:
        add([comment.parent.author])
    if answered is not None:
        add([answered.author])
    return list(people.values())


def notify_comment(
    comment: Comment, target: Target, answered: Comment | None, top: Comment | None
) -> None:
    """Tell the recipients (once per comment and person, keyed by the comment)."""
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
