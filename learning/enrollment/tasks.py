from celery import shared_task

from . import services


@shared_task
def archive_completed_courses() -> int:
    """Daily (Celery beat): completed courses older than 30 days move to the archive."""
    return services.archive_completed()
