"""Who may read and write comments: the predicates (templates, "show this button") and the
checks the services call (they raise ``core.errors.NotAllowed``).

- A submission's comments are for its student, the homework's teachers and staff; a lesson's
  for the course's enrolled learners, its teacher and staff (a free preview lesson is open to
  everyone, its comments are not); a homework's for whoever may open the homework.
- Everyone who may read a thread may write in it.
- Authors edit their own comments; authors and staff delete them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import require
from courses.models import LessonPage
from courses.services import has_course_access, is_staff, teaches
from learning.homework.models import Homework, Submission
from learning.homework.permissions import can_view_homework, can_view_submission

from .models import Comment
from .targets import Target


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


def can_see_unpublished(user, course) -> bool:
    """Staff and the course's teachers see its drafts (other people get 404 for them)."""
    return is_staff(user) or teaches(user, course)


# The checks the services call.


def require_read(user, target: Target) -> None:
    require(can_read(user, target), _("You cannot read these comments."))


def require_write(user, target: Target) -> None:
    require(can_write(user, target), _("You cannot comment here."))


def require_edit(user, comment: Comment) -> None:
    require(may_edit(user, comment), _("You can edit only your own comments."))


def require_delete(user, comment: Comment) -> None:
    require(may_delete(user, comment), _("You can delete only your own comments."))
