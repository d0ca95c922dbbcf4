from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_email(
    *, subject: str, body: str, to: list[str], from_email: str | None = None, html: str = ""
) -> int:
    """Deliver one already-rendered e-mail; SMTP hiccups are retried with backoff."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
