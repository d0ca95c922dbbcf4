"""Nightly work for analytics: yesterday's (and any missed day's) course views rolled up,
then raw views past their retention pruned."""

import logging

from celery import shared_task
from django.db import OperationalError

from .services import prune, rollup_pending

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def rollup_course_views() -> dict:
    """Beat, daily. Idempotent: a day rolled up again gets the same rows; pruning deletes only
    days rolled up after they ended."""
    done = rollup_pending()
    pruned = prune()
    if done:
        logger.info("Course views rolled up for %s..%s; %s raw view(s) pruned", *done, pruned)
    return {
        "first": done[0].isoformat() if done else None,
        "last": done[1].isoformat() if done else None,
        "pruned": pruned,
    }
