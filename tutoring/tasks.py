from celery import shared_task

from . import services


@shared_task(acks_late=True)
def notify_matching_tutors(request_id: int) -> int:
    """After a request is posted: its best-matching tutors hear of it (keyed, so a retry or a
    second delivery tells nobody twice)."""
    return services.notify_matching_tutors(request_id)


@shared_task
def expire_requests() -> int:
    """Hourly (Celery beat): open requests past their date become expired."""
    return services.expire_requests()
