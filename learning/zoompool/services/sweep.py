"""The release sweep (Celery beat): accounts of lessons long over, dead reservations, and
accounts whose lesson was deleted come back to the pool."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from learning.schedule.models import LiveLesson

from ..models import ZoomAccount
from .pool import end_meeting_quietly, release

SWEEP_GRACE = timedelta(minutes=15)  # a lesson's account comes back this long after its end
RESERVATION_TIMEOUT = timedelta(minutes=10)  # a reservation that never got its meeting


@dataclass
class SweepResult:
    overdue: int = 0
    stale_reservations: int = 0
    orphaned: int = 0
    meetings_ended: int = 0


def sweep(now: datetime | None = None) -> SweepResult:
    """Free accounts whose lesson ended over 15 minutes ago (ending the Zoom meeting first,
    when Zoom answers), reservations whose request died, and accounts whose lesson was deleted.
    """
    now = now or timezone.now()
    result = SweepResult()
    overdue = ZoomAccount.objects.filter(
        is_busy=True, current_lesson__end__lt=now - SWEEP_GRACE
    ).select_related("current_lesson")
    for account in overdue:
        lesson = account.current_lesson
        if lesson.zoom_meeting_id and lesson.status == LiveLesson.Status.LIVE:
            result.meetings_ended += end_meeting_quietly(account, lesson.zoom_meeting_id)
        if release(lesson, now=now) is not None:
            result.overdue += 1

    stale = ZoomAccount.objects.filter(
        is_busy=True, busy_since__lt=now - RESERVATION_TIMEOUT, current_lesson__isnull=False
    ).exclude(current_lesson__status=LiveLesson.Status.LIVE)
    for account in stale.select_related("current_lesson"):
        # A reservation, not a meeting: free it without touching the lesson.
        with transaction.atomic():
            lesson = LiveLesson.objects.select_for_update().get(pk=account.current_lesson_id)
            if lesson.status != LiveLesson.Status.LIVE:
                result.stale_reservations += ZoomAccount.objects.filter(
                    pk=account.pk, current_lesson=lesson
                ).update(is_busy=False, current_lesson=None, busy_since=None)

    result.orphaned = ZoomAccount.objects.filter(is_busy=True, current_lesson__isnull=True).update(
        is_busy=False, busy_since=None
    )
    return result
