from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_message_digests() -> int:
    """Celery beat, every few minutes: one e-mail per absent person with waiting messages
    (idempotent: services.digest)."""
    return services.send_digests()
