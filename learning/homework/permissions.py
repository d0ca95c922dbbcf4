"""Who may do what with homework: the predicates (templates, "show this button") and the
checks the services call (they raise ``core.errors.NotAllowed``).

- Students take a homework when enrolled in its course or in a group it is given to.
- Staff, the course's teacher, the homework's owner and the teacher of a group it is given to
  edit and grade it; they and the students who may take it may open it.
- A submission is for its student and the homework's graders.

Groups belong to the timetable (learning.schedule, a higher layer): they are reached through
the related names it gives the homework (``live_lessons``, ``lesson_rules``), never imported.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.permissions import require
from courses.services import has_course_access, is_staff, teaches
from learning.enrollment.services import is_enrolled, open_enrollments

from .models import Homework, Submission


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def in_homework_group(user, homework: Homework) -> bool:
    """A member of a group whose live lesson or lesson rule gives this homework."""
    return (
        homework.live_lessons.filter(group__memberships__student=user).exists()
        or homework.lesson_rules.filter(group__memberships__student=user).exists()
    )


def can_take(user, homework: Homework) -> bool:
    """Students enrolled in the homework's course, or members of a group it is given to."""
    if not _signed_in(user):
        return False
    if homework.is_self_check:
        return homework.is_open
    if homework.course_id is not None and is_enrolled(user, homework.course):
        return True
    return in_homework_group(user, homework)


def takeable_homework(user) -> QuerySet[Homework]:
    """The homework this person may take (``can_take``, as one query): of the courses they
    are enrolled in (any translation), and given to a group they are in."""
    if not _signed_in(user):
        return Homework.objects.none()
    given = (
        Q(course__translation_key__in=open_enrollments(user).values("course__translation_key"))
        | Q(live_lessons__group__memberships__student=user)
        | Q(lesson_rules__group__memberships__student=user)
    )
    return Homework.objects.filter(pk__in=Homework.objects.filter(given).values("pk"))


def can_grade(user, homework: Homework) -> bool:
    """Staff, the course's teacher, the homework's owner, the teacher of a group it is given to."""
    if not _signed_in(user):
        return False
    if is_staff(user) or homework.owner_id == user.pk:
        return True
    if homework.is_self_check:
        return False
    course = homework.course
    if course is not None and teaches(user, course):
        return True
    return (
        homework.live_lessons.filter(group__teacher=user).exists()
        or homework.lesson_rules.filter(group__teacher=user).exists()
    )


def sees_all_attempts(user, homework: Homework) -> bool:
    """Graders see everyone's attempts. A self-check test's author is a member, not a
    teacher, so each taker's attempts stay their own there (staff still see them)."""
    if homework.is_self_check:
        return _signed_in(user) and is_staff(user)
    return can_grade(user, homework)


def can_view_homework(user, homework: Homework) -> bool:
    """Who may open the homework: those who may take it or grade it."""
    return can_grade(user, homework) or can_take(user, homework)


def can_view_submission(user, submission: Submission) -> bool:
    """The student who owns it, the homework's teacher and staff."""
    if not _signed_in(user):
        return False
    return submission.student_id == user.pk or sees_all_attempts(user, submission.homework)


def can_add_homework(user, lesson) -> bool:
    """Staff and the lesson's course teacher (or owner) may add homework to the lesson."""
    return is_staff(user) or teaches(user, lesson.course)


def manageable_homework(user) -> QuerySet[Homework]:
    """Homework the person may edit and grade: all for staff, else their courses' and own."""
    queryset = Homework.objects.select_related("lesson", "course", "owner")
    if is_staff(user):
        return queryset
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(
        Q(owner=user)
        | Q(course__teacher=user)
        | Q(course__owner=user)
        | Q(live_lessons__group__teacher=user)
        | Q(lesson_rules__group__teacher=user)
    ).distinct()


def can_use_review_queue(user) -> bool:
    """Teachers and staff have a review queue (possibly empty); students do not."""
    if not _signed_in(user):
        return False
    if is_staff(user) or getattr(user, "role", "") == "teacher":
        return True
    return manageable_homework(user).exists()


def readable_homework(user, lesson) -> QuerySet[Homework]:
    """The lesson's homework this person may open (can_view_homework, as one query).

    Everything for people with access to the whole course (staff, its teacher, enrolled
    students); otherwise what they own, teach to a group, or were given through a group.
    """
    homework = Homework.objects.filter(lesson=lesson)
    if has_course_access(user, lesson.course):
        return homework
    if not _signed_in(user):
        return homework.none()
    given = (
        Q(owner=user)
        | Q(live_lessons__group__teacher=user)
        | Q(lesson_rules__group__teacher=user)
        | Q(live_lessons__group__memberships__student=user)
        | Q(lesson_rules__group__memberships__student=user)
    )
    return homework.filter(pk__in=Homework.objects.filter(given).values("pk"))


def can_see_unpublished(user, course) -> bool:
    """Staff and the course's teachers see its drafts (others get 404 for them)."""
    return is_staff(user) or teaches(user, course)


# The checks the services call.


def require_take(user, homework: Homework) -> None:
    require(can_take(user, homework), _("Enrol in the course to do this homework."))


def require_view(user, homework: Homework) -> None:
    require(can_view_homework(user, homework), _("Enrol in the course to see this homework."))


def require_grade(user, homework: Homework) -> None:
    require(can_grade(user, homework), _("Only the course's teacher can grade this work."))


def require_change(user, homework: Homework) -> None:
    require(can_grade(user, homework), _("Only the course's teacher can change this homework."))


def require_delete(user, homework: Homework) -> None:
    require(can_grade(user, homework), _("Only the course's teacher can delete this homework."))


def require_add(user, lesson) -> None:
    require(can_add_homework(user, lesson), _("Only the course's teacher can add homework."))


def require_own_attempt(user, submission: Submission) -> None:
    require(_signed_in(user) and submission.student_id == user.pk, _("This is not your attempt."))


def require_view_submission(user, submission: Submission) -> None:
    require(can_view_submission(user, submission), _("This is not your attempt."))


def require_review_queue(user) -> None:
    require(can_use_review_queue(user), _("The review queue is for teachers."))
