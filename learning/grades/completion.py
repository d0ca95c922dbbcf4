"""Course completion by the grading scheme: the final grade must reach the course's pass mark.

Enrollment sits below grades, so it cannot ask; ``GradesConfig.ready`` registers
``passes_by_scheme`` with ``learning.enrollment.requirements`` (beside homework's final test)
and connects the re-checks below. Enrollment still completes only once every lesson is done
(``check_completion``); this adds one more requirement, it does not replace any.

When the grade may have risen, the completion is checked again (after the commit, so the
check reads what was saved): a submission scored (handed in and auto-graded, graded by the
teacher, regraded), a teacher's override or excuse, a learner newly marked as attending.
Lesson progress already checks on its own (``complete_lesson``). A change of the course's
scheme checks every active learner of the course again, in a Celery task (``tasks``).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from courses.models import CoursePage
from learning.enrollment.models import Enrollment
from learning.enrollment.services import check_completion
from learning.homework.models import Homework, Submission
from learning.schedule.models import Group, LiveLesson

from .models import Adjustment, GradingScheme
from .services.gradebook import CellStatus, build
from .tasks import recheck_course

User = get_user_model()

# A submission in one of these states has a score that may have lifted the grade.
SCORED = (Submission.Status.AUTO_GRADED, Submission.Status.GRADED, Submission.Status.RETURNED)


def passes_by_scheme(user, course: CoursePage) -> bool:
    """True when the person's final grade in the course reaches its pass mark.

    A learner with nothing graded yet and nothing waiting for the teacher (a course without
    graded work, or none of it counted yet) passes: the scheme has nothing to judge, the
    lessons and the final test decide. Work waiting for grading holds completion until it is
    graded, so the grade on the certificate is a settled one.
    """
    rows = build(course, students=[user.pk]).rows
    if not rows:
        return True
    row = rows[0]
    if row.grade.percent is not None:
        return bool(row.grade.passed)
    return not any(cell.status == CellStatus.WAITING for cell in row.cells.values())


def final_grade_of(user, course: CoursePage) -> tuple[Decimal, int] | None:
    """The person's final grade in the course now (percentage, 5-point mark), for the
    certificate issued on completion; None when nothing is graded."""
    rows = build(course, students=[user.pk]).rows
    if not rows or rows[0].grade.percent is None:
        return None
    grade = rows[0].grade
    return grade.percent, grade.mark


def recheck(student_id: int, courses: list[CoursePage]) -> None:
    """Check again whether the learner completes these courses (after the commit)."""
    if not courses:
        return

    def run() -> None:
        student = User.objects.filter(pk=student_id).first()
        if student is None:
            return
        for course in courses:
            with transaction.atomic():
                check_completion(student, course)

    transaction.on_commit(run)


def _active_courses(student_id: int, condition: Q) -> list[CoursePage]:
    """The courses matching ``condition`` the learner is studying (an active enrollment)."""
    enrollments = (
        Enrollment.objects.filter(condition, user_id=student_id, status=Enrollment.Status.ACTIVE)
        .select_related("course")
        .order_by("pk")
    )
    return [e.course for e in enrollments]


def homework_courses(homework: Homework, student_id: int) -> list[CoursePage]:
    """The courses whose grade a homework counts in, for this learner: its own course, or
    the courses of the learner's groups that were given it."""
    if homework.course_id:
        return _active_courses(
            student_id, Q(course__translation_key=homework.course.translation_key)
        )
    given = Group.objects.filter(
        Q(lessons__homework=homework) | Q(rules__homework=homework),
        memberships__student_id=student_id,
        course__isnull=False,
    ).values("course__translation_key")
    return _active_courses(student_id, Q(course__translation_key__in=given))


def submission_saved(sender, instance: Submission, created: bool = False, **kwargs) -> None:
    if instance.status not in SCORED:
        return
    # The graders' and the submitting path's queries already hold the homework (and course).
    recheck(instance.student_id, homework_courses(instance.homework, instance.student_id))


def attendance_marked(sender, lesson: LiveLesson, student_ids: list[int], **kwargs) -> None:
    group = Group.objects.filter(pk=lesson.group_id).select_related("course").first()
    if group is None or group.course is None:
        return
    key = group.course.translation_key
    for student_id in student_ids:
        recheck(student_id, _active_courses(student_id, Q(course__translation_key=key)))


def adjustment_saved(sender, instance: Adjustment, **kwargs) -> None:
    """A teacher's override or excuse (saved only when it changed something)."""
    key = CoursePage.objects.filter(pk=instance.course_id).values("translation_key")
    student_id = instance.student_id
    recheck(student_id, _active_courses(student_id, Q(course__translation_key__in=key)))


def scheme_saved(sender, instance: GradingScheme, **kwargs) -> None:
    """The course's scheme changed (a pass mark lowered, new weights): every active learner
    is checked again, in a task after the commit."""
    course_id = instance.course_id
    transaction.on_commit(lambda: recheck_course.delay(course_id))
