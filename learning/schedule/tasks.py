from celery import shared_task

from . import services


@shared_task
def send_lesson_reminders() -> int:
    """Every few minutes (Celery beat): notify the teacher and students of each lesson starting
    within settings.LESSON_REMINDER_MINUTES. Idempotent: a notice per person, occurrence and
    start time is made once (accounts.services.notify's key), however often this runs."""
    return services.send_reminders()
