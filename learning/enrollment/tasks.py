from celery import shared_task

from courses.models import LessonPage

from . import notices, services, view_buffer


@shared_task
def archive_completed_courses() -> int:
    """Daily (Celery beat): completed courses older than 30 days move to the archive."""
    return services.archive_completed()


@shared_task
def expire_enrollments() -> dict[str, int]:
    """Hourly (Celery beat): mark enrollments past their end date expired, and remind those
    ending within a week. Access itself ends at the end date, checked on every request."""
    return {"expired": services.expire_due(), "reminded": services.remind_expiring()}


@shared_task(acks_late=True)
def announce_new_lesson(lesson_id: int) -> int:
    """Tell a course's learners of a lesson published for the first time (keyed: once each)."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    return notices.new_lesson(lesson) if lesson is not None else 0


@shared_task
def flush_course_views() -> int:
    """Every minute (Celery beat): course page views buffered in Redis become rows."""
    return view_buffer.flush()
