"""Who may review, moderate, reply and report: the predicates (templates, "show this button")
and the checks the services call (they raise ``NotAllowed`` or ``errors.NotEligible``).

- A course (any translation: the rule follows the translation key) may be reviewed by a
  learner who completed it, or completed at least ``REVIEWS_COURSE_SHARE`` of its live lessons
  while enrolled (a refunded enrollment does not count); a tutor by a learner who attended
  (present or late) one of the tutor's live lessons, or completed one of the tutor's courses.
  Nobody reviews their own course or themselves. One review per person and target.
- Moderators and editors (staff, superusers, the "Moderators" and "Editors" groups) moderate,
  delete and pin reviews and replies, but never those about themselves or their courses.
- The course's teacher (its owner when it names none) or the reviewed tutor replies.
- The author edits and deletes their review; any other signed-in person reports a published one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import personal
from core.permissions import is_signed_in, require
from courses.models import CoursePage, LessonPage
from courses.permissions import is_editor, teaches
from home import page_cache
from learning.enrollment.models import Enrollment, LessonProgress
from learning.enrollment.permissions import same_course
from learning.schedule.models import Attendance, LiveLesson

from .app_settings import app_settings
from .errors import NotEligible
from .models import Review, ReviewReply
from .reading import Target, of

User = get_user_model()

# Attendance marks that count as "attended".
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


@dataclass(frozen=True)
class Eligibility:
    """May this person review the target? ``reason`` (translated) says why not and what to do
    first; ``existing`` is their own review of it in any state (then the page offers to edit
    it, and ``services.write`` refuses a second one)."""

    allowed: bool
    reason: str = ""
    existing: Review | None = None


# ---------------------------------------------------------------------------------------------
# The rule (issue 13, item 1)


def course_teacher_id(course: CoursePage) -> int | None:
    """Who answers for a course: its teacher, or its owner when it names none."""
    return course.teacher_id or course.owner_id


def lesson_share(user, course: CoursePage) -> tuple[int, int]:
    """(lessons completed, live lessons) of the course, counted by translation key over every
    translation, so a lesson done in English counts for the Russian page. Two queries."""
    branches = Q(pk__in=[])
    for path, depth in CoursePage.objects.filter(
        translation_key=course.translation_key
    ).values_list("path", "depth"):
        branches |= Q(path__startswith=path, depth=depth + 1)
    figures = (
        LessonPage.objects.live()
        .filter(branches)
        .aggregate(
            total=Count("translation_key", distinct=True),
            done=Count(
                "translation_key",
                distinct=True,
                filter=Q(progress__user=user, progress__status=LessonProgress.Status.COMPLETED),
            ),
        )
    )
    return figures["done"], figures["total"]


def studied_course(user, course: CoursePage) -> bool:
    """Completed the course, or enough of its lessons (``REVIEWS_COURSE_SHARE``)."""
    enrollments = Enrollment.objects.filter(same_course(course), user=user).exclude(
        status=Enrollment.Status.REFUNDED
    )
    if enrollments.filter(completed_at__isnull=False).exists():
        return True
    if not enrollments.exists():
        return False
    done, total = lesson_share(user, course)
    # A small tolerance: a third of 3 lessons is 1, not 1.0000000000000002.
    needed = max(1, math.ceil(app_settings.REVIEWS_COURSE_SHARE * total - 1e-9))
    return total > 0 and done >= needed


def tutors_courses(tutor) -> Q:
    """Enrollments in courses the tutor teaches (their owner's when none is named)."""
    return Q(course__teacher=tutor) | Q(course__teacher__isnull=True, course__owner=tutor)


def studied_with(user, tutor) -> bool:
    """Attended one of the tutor's live lessons, or completed one of their courses."""
    attended = (
        Attendance.objects.filter(student=user, lesson__teacher=tutor, status__in=ATTENDED)
        .exclude(lesson__status=LiveLesson.Status.CANCELLED)
        .exists()
    )
    return (
        attended
        or Enrollment.objects.filter(tutors_courses(tutor), user=user, completed_at__isnull=False)
        .exclude(status=Enrollment.Status.REFUNDED)
        .exists()
    )


def own_review(user, target: Target) -> Review | None:
    if not is_signed_in(user):
        return None
    return Review.objects.filter(of(target), author=user).select_related("reply").first()


def eligibility(user, target: Target) -> Eligibility:
    """Whether the person may review the target (see the module's docstring), and why not."""
    if not is_signed_in(user):
        return Eligibility(False, _("Sign in to write a review."))
    if isinstance(target, CoursePage):
        if teaches(user, target):
            return Eligibility(False, _("You cannot review your own course."))
        existing = own_review(user, target)
        if existing is not None or studied_course(user, target):
            return Eligibility(True, existing=existing)
        return Eligibility(
            False, _("Complete the course or at least a third of its lessons to review it.")
        )
    if isinstance(target, User):
        if target.pk == user.pk:
            return Eligibility(False, _("You cannot review yourself."))
        if not target.is_teacher:
            return Eligibility(False, _("Only tutors can be reviewed."))
        existing = own_review(user, target)
        if existing is not None or studied_with(user, target):
            return Eligibility(True, existing=existing)
        return Eligibility(
            False,
            _("Attend one of this tutor's lessons or complete one of their courses first."),
        )
    raise TypeError(f"Reviews are not possible on {type(target).__name__}")


def eligibility_shown(user, target: Target) -> Eligibility:
    """``eligibility`` as a course page shows it, kept for the person (core.personal) until
    their enrollments, progress or reviews change or the course's lessons do. Writing a
    review asks ``eligibility`` afresh (``require_eligible``)."""
    if not isinstance(target, CoursePage) or not is_signed_in(user) or teaches(user, target):
        return eligibility(user, target)
    return personal.kept(
        user,
        "review-eligibility",
        (target.translation_key, get_language()),  # ``reason`` is in the page's language
        lambda: eligibility(user, target),
        # The course's lessons (a lesson only in another translation changes the share needed
        # without touching this page: the service asks afresh before a review is written).
        also=tuple(page_cache.marks_for(target.path)),
    )


def require_eligible(user, target: Target) -> Eligibility:
    answer = eligibility(user, target)
    if not answer.allowed:
        raise NotEligible(answer.reason)
    return answer


# ---------------------------------------------------------------------------------------------
# Moderation, replies, authors, reports


def _review(item: Review | ReviewReply) -> Review:
    return item.review if isinstance(item, ReviewReply) else item


def is_about(user, review: Review) -> bool:
    """The review is of this person or of a course they teach (no query)."""
    if not is_signed_in(user):
        return False
    if review.tutor_id is not None:
        return review.tutor_id == user.pk
    return teaches(user, review.course)


def moderates(user) -> bool:
    """Staff, superusers, Moderators and Editors. Asked once per user object (a request's
    user), so a list's "may moderate" buttons cost one query, not one per review."""
    if not is_signed_in(user):
        return False
    if not hasattr(user, "_moderates_reviews"):
        user._moderates_reviews = is_editor(user)
    return user._moderates_reviews


def can_moderate(user, item: Review | ReviewReply) -> bool:
    """Moderators and editors, never on reviews (or replies) about themselves or their courses."""
    return moderates(user) and not is_about(user, _review(item))


def can_view(user, review: Review) -> bool:
    """A published review is public; its author and moderators see it in every state."""
    return review.is_published or can_edit(user, review) or moderates(user)


def require_moderate(user, item: Review | ReviewReply) -> None:
    require(can_moderate(user, item), _("You cannot moderate this review."))


def can_reply(user, review: Review) -> bool:
    """The course's teacher (its owner when it names none) or the reviewed tutor."""
    if not is_signed_in(user):
        return False
    if review.tutor_id is not None:
        return review.tutor_id == user.pk
    return course_teacher_id(review.course) == user.pk


def require_reply(user, review: Review) -> None:
    require(
        can_reply(user, review), _("Only the course's teacher or the reviewed tutor can reply.")
    )


def can_edit(user, review: Review) -> bool:
    """The author only (no query)."""
    return is_signed_in(user) and review.author_id == user.pk


def require_edit(user, review: Review) -> None:
    require(can_edit(user, review), _("Only the author can change a review."))


def can_delete(user, review: Review) -> bool:
    """The author, and moderators (not on reviews about themselves)."""
    return can_edit(user, review) or can_moderate(user, review)


def require_delete(user, review: Review) -> None:
    require(can_delete(user, review), _("You cannot delete this review."))


def can_delete_reply(user, reply: ReviewReply) -> bool:
    """The reply's author, and moderators."""
    return (is_signed_in(user) and reply.author_id == user.pk) or can_moderate(user, reply)


def require_delete_reply(user, reply: ReviewReply) -> None:
    require(can_delete_reply(user, reply), _("You cannot delete this reply."))


def can_report(user, review: Review) -> bool:
    """Any signed-in person but the author, on a published review."""
    return is_signed_in(user) and review.author_id != user.pk and review.is_published


def require_report(user, review: Review) -> None:
    require(is_signed_in(user), _("Sign in to report a review."))
    require(review.author_id != user.pk, _("You cannot report your own review."))


def can_pin(user, review: Review) -> bool:
    """Editors and moderators choose the home page's reviews (as they moderate)."""
    return can_moderate(user, review)


def require_pin(user, review: Review) -> None:
    require(can_pin(user, review), _("You cannot pin this review."))
