"""Background work for grades: checking a course's completions again when its scheme changes."""

from celery import shared_task
from django.db import OperationalError, transaction

from courses.models import CoursePage
from learning.enrollment.models import Enrollment
from learning.enrollment.services import check_completion


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def recheck_course(course_id: int) -> int:
    """Check completion again for every active learner of the course (any translation): a
    lowered pass mark or new weights may complete them. Returns how many completed.

    Safe to run twice: an enrollment completes once (``check_completion`` skips the others).
    A task, not the teacher's request: each learner's check builds their grade.
    """
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    enrollments = Enrollment.objects.filter(
        course__translation_key=course.translation_key, status=Enrollment.Status.ACTIVE
    ).select_related("user", "course")
    completed = 0
    for enrollment in enrollments.iterator():
        with transaction.atomic():
            if check_completion(enrollment.user, enrollment.course) is not None:
                completed += 1
    return completed
