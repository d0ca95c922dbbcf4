"""Who may read and write comments: the predicates (templates, "show this button") and the
checks the services call (they raise ``core.errors.NotAllowed``).

- A submission's comments are for its student, the homework's teachers and staff; a lesson's
  for the course's enrolled learners, its teacher and staff (a free preview lesson is open to
  everyone, its comments are not); a homework's for whoever may open the homework.
  A tutor's video post's comments are for everyone signed in while the post is live and public
  (its tutor and staff see them on a draft too).
- Everyone who may read a thread may write in it, like its comments and report other people's.
- Authors edit their own comments; authors and staff delete them.
- Hiding: a video post's tutor hides and shows again the comments on their own posts; staff,
  editors and moderators ("moderators" here) hide and restore any comment. The tutor may not
  restore what a moderator hid. A hidden comment (and its replies) disappears for everyone but
  the moderators, the post's tutor and its author, who see it marked "hidden".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import require
from courses.models import LessonPage, TutorVideoPage
from courses.permissions import is_editor
from courses.services import has_course_access, is_staff, teaches
from learning.homework.models import Homework, Submission
from learning.homework.permissions import can_view_homework, can_view_submission

from .models import Comment
from .targets import Target, tutor_id


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
    if isinstance(target, TutorVideoPage):
        return is_open(target) or is_tutor(user, target) or is_staff(user)
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


def is_open(video: TutorVideoPage) -> bool:
    """Live and public (no view restriction on it or above it); one query, remembered."""
    if not hasattr(video, "_comments_open"):
        video._comments_open = bool(
            video.live and TutorVideoPage.objects.public().filter(pk=video.pk).exists()
        )
    return video._comments_open


def is_tutor(user, target: Target) -> bool:
    """The tutor of a video post (False for every other kind of target)."""
    return bool(
        isinstance(target, TutorVideoPage)
        and user
        and user.is_authenticated
        and tutor_id(target) == user.pk
    )


def is_moderator(user) -> bool:
    """Staff, editors and moderators; asked once per request (a thread asks it per row)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    answer = getattr(user, "_moderates_comments", None)
    if answer is None:
        answer = user._moderates_comments = is_editor(user)
    return answer


def may_hide(user, comment: Comment, target: Target) -> bool:
    """The post's tutor (comments on their own posts) and moderators."""
    return is_tutor(user, target) or is_moderator(user)


def may_unhide(user, comment: Comment, target: Target) -> bool:
    """Moderators restore any comment; the tutor only what they hid themselves."""
    if is_moderator(user):
        return True
    return is_tutor(user, target) and comment.hidden_by_id in (None, user.pk)


def sees_all_hidden(user, target: Target) -> bool:
    """Who sees every hidden comment of a thread (marked): moderators and the post's tutor."""
    return is_tutor(user, target) or is_moderator(user)


def may_report(user, comment: Comment) -> bool:
    """Anyone signed in but the author (reading rights are checked with the target)."""
    return bool(user and user.is_authenticated and comment.author_id != user.pk)


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


def require_hide(user, comment: Comment, target: Target) -> None:
    require(
        may_hide(user, comment, target),
        _("Only the post's tutor and moderators can hide comments."),
    )


def require_unhide(user, comment: Comment, target: Target) -> None:
    require(
        may_unhide(user, comment, target),
        _("Only a moderator can show this comment again."),
    )


def require_report(user, comment: Comment) -> None:
    require(may_report(user, comment), _("You cannot report your own comment."))


def require_moderator(user) -> None:
    require(is_moderator(user), _("Only moderators can do this."))
