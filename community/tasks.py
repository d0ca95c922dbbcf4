"""Celery tasks (eager without a broker): idempotent, so a retry tells nobody twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def notify_followers(post_id: int) -> int:
    """After a post's first publish: its tutor's followers hear of it (keyed notices)."""
    return services.notify_followers(post_id)


@shared_task
def notify_likes() -> int:
    """Hourly (Celery beat): each tutor hears of new likes on a post in one notice, also
    making figures rows for posts published while the app's signal was not connected."""
    services.sync_posts()
    return services.notify_likes()


@shared_task
def send_post_digests() -> int:
    """Daily (Celery beat): followers who want e-mail get the new posts of their tutors."""
    return services.send_post_digests()
