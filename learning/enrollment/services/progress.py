"""Progress: lessons started and completed, a course's percentage, completing the course."""

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone

from core import personal
from courses.models import CoursePage, LessonPage
from home import page_cache

from ..errors import NotEnrolled as NotEnrolled  # re-exported: callers catch it from here
from ..models import Enrollment, LessonProgress
from ..permissions import (
    can_track_progress,
    require_progress_tracking,
)
from ..permissions import is_enrolled as is_enrolled  # re-exported: other apps ask it here
from ..permissions import lapsed_enrollment as lapsed_enrollment  # the lesson gate asks it
from ..permissions import open_enrollments as open_enrollments  # homework lists by it
from ..permissions import same_course as _same_course
from ..requirements import requirements_met

# Sent (after commit) when an enrollment becomes completed; certificates listen to it.
enrollment_completed = Signal()

logger = logging.getLogger(__name__)


def start_lesson(user, lesson: LessonPage) -> LessonProgress | None:
    """Opening a lesson marks it started for its enrolled learners. Once it is, the row is
    kept for the person (core.personal) until their progress changes: opening it again asks
    nothing."""
    if not can_track_progress(user, lesson):
        return None
    return personal.kept(user, "lesson-started", (lesson.pk,), lambda: _start(user, lesson))


def _start(user, lesson: LessonPage) -> LessonProgress:
    progress, created = LessonProgress.objects.get_or_create(
        user=user,
        lesson=lesson,
        defaults={"status": LessonProgress.Status.IN_PROGRESS, "started_at": timezone.now()},
    )
    if not created and progress.status == LessonProgress.Status.NOT_STARTED:
        progress.status = LessonProgress.Status.IN_PROGRESS
        progress.started_at = timezone.now()
        progress.save(update_fields=["status", "started_at"])
    return progress


@transaction.atomic
def complete_lesson(user, lesson: LessonPage, percent: int = 100) -> LessonProgress:
    """Record progress on a lesson (100 completes it) and complete the course when all are."""
    require_progress_tracking(user, lesson)  # NotEnrolled (403)
    percent = max(0, min(100, int(percent)))
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"started_at": timezone.now()}
    )
    if progress.status != LessonProgress.Status.COMPLETED:
        progress.percent = max(progress.percent, percent)
        if progress.percent >= 100:
            progress.status = LessonProgress.Status.COMPLETED
            progress.completed_at = timezone.now()
        else:
            progress.status = LessonProgress.Status.IN_PROGRESS
        progress.save()
    if progress.status == LessonProgress.Status.COMPLETED:
        check_completion(user, lesson.course)
    return progress


def course_progress(user, course: CoursePage) -> int:
    """Share of the course's live lessons this person has completed, in percent."""
    lessons = LessonPage.objects.child_of(course).live()
    total = lessons.count()
    if not total:
        return 0
    done = LessonProgress.objects.filter(
        user=user, lesson__in=lessons, status=LessonProgress.Status.COMPLETED
    ).count()
    return round(100 * done / total)


def progress_and_completed(user, course: CoursePage) -> tuple[int, set[int]]:
    """``course_progress`` and ``completed_lesson_ids`` together, in one query (the course
    page shows both): each lesson of the course with whether it is live and completed. Kept
    for the person until their progress or the course's lessons change (core.personal)."""
    return personal.kept(
        user,
        "course-progress",
        (course.pk,),
        lambda: _progress_and_completed(user, course),
        also=tuple(page_cache.marks_for(course.path)),  # its lessons published or not
    )


def _progress_and_completed(user, course: CoursePage) -> tuple[int, set[int]]:
    done = LessonProgress.objects.filter(
        user=user, lesson=OuterRef("pk"), status=LessonProgress.Status.COMPLETED
    )
    rows = (
        LessonPage.objects.child_of(course)
        .annotate(done=Exists(done))
        .values_list("pk", "live", "done")
    )
    completed, live, live_done = set(), 0, 0
    for pk, is_live, is_done in rows:
        live += is_live
        live_done += is_live and is_done
        if is_done:
            completed.add(pk)
    return (round(100 * live_done / live) if live else 0), completed


def progress_for_courses(user, courses: list[CoursePage]) -> dict[int, int]:
    """Percent per course id for a whole list, in two queries."""
    if not courses:
        return {}
    totals: dict[int, int] = {}
    lesson_course: dict[int, int] = {}
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 1)
    for pk, path in LessonPage.objects.live().filter(condition).values_list("pk", "path"):
        owner = next(c for c in courses if path.startswith(c.path))
        lesson_course[pk] = owner.pk
        totals[owner.pk] = totals.get(owner.pk, 0) + 1
    done: dict[int, int] = {}
    completed = LessonProgress.objects.filter(
        user=user, lesson_id__in=lesson_course, status=LessonProgress.Status.COMPLETED
    ).values_list("lesson_id", flat=True)
    for lesson_id in completed:
        course_id = lesson_course[lesson_id]
        done[course_id] = done.get(course_id, 0) + 1
    return {
        course.pk: round(100 * done.get(course.pk, 0) / totals[course.pk])
        if totals.get(course.pk)
        else 0
        for course in courses
    }


def check_completion(user, course: CoursePage) -> Enrollment | None:
    """Every live lesson done and the final test (if any) passed: the enrollment completes
    once, and a certificate follows."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(_same_course(course), user=user, status=Enrollment.Status.ACTIVE)
        .first()
    )
    if (
        enrollment is None
        or course_progress(user, course) < 100
        or not requirements_met(user, course)  # e.g. the final test (learning.homework)
    ):
        return None
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at"])
    logger.info("Enrollment %s completed (user %s, course %s)", enrollment.pk, user.pk, course.pk)
    transaction.on_commit(
        lambda: enrollment_completed.send(sender=Enrollment, enrollment=enrollment)
    )
    return enrollment


def completed_lesson_ids(user, course: CoursePage) -> set[int]:
    """The ids of the course's lessons this person has completed (none for a visitor), kept
    as ``progress_and_completed``."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return personal.kept(
        user,
        "completed-lessons",
        (course.pk,),
        lambda: _completed_lesson_ids(user, course),
        also=tuple(page_cache.marks_for(course.path)),
    )


def _completed_lesson_ids(user, course: CoursePage) -> set[int]:
    return set(
        LessonProgress.objects.filter(
            user=user,
            lesson__in=LessonPage.objects.child_of(course),
            status=LessonProgress.Status.COMPLETED,
        ).values_list("lesson_id", flat=True)
    )


def continue_where_left_off(user) -> LessonProgress | None:
    """The lesson the learner touched last, in a course they still have; kept for the
    person (core.personal) until their progress changes or a page is published."""
    return personal.kept(
        user, "resume", (), lambda: _last_touched(user), also=(page_cache.CONTENT_KEY,)
    )


def _last_touched(user) -> LessonProgress | None:
    return (
        LessonProgress.objects.filter(user=user)
        .exclude(status=LessonProgress.Status.COMPLETED)
        .select_related("lesson")
        .order_by("-updated_at")
        .first()
    )
