"""The reconciliation (Celery beat): meetings Zoom has on pool accounts that the pool does not
hold are ended or deleted, and each is recorded (``OrphanedMeeting``).

Orphans come from a create call that timed out after it reached Zoom (the teacher was told
Zoom did not answer and the account went back, but Zoom made the meeting), a lesson deleted
while live, or a meeting the sweep could not end. A live orphan keeps the account's one
licence busy, so the next lesson on it cannot start.

For each active account, Zoom's own lists are read first (``live``, then ``scheduled``: every
unexpired meeting), and only then what the pool holds, so a meeting recorded meanwhile counts
as held. Then:

- a live meeting other than the one of the lesson the account holds is ended;
- any other meeting no lesson knows, made longer than ZOOMPOOL_RECONCILE_GRACE_MINUTES ago
  (a start may be recording a newer one right now), is deleted.

Only scheduled meetings (Zoom's type 2, the only kind the pool makes) are touched. Pool users
host the pool's meetings only: anything else scheduled on them is removed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from learning.schedule.models import LiveLesson

from ..app_settings import app_settings
from ..models import OrphanedMeeting, ZoomAccount
from ..zoom_client import ZoomClient, ZoomError
from .pool import active_accounts, note_error

logger = logging.getLogger(__name__)

SCHEDULED = 2  # Zoom's meeting type of a meeting with a start time: what the pool creates


@dataclass
class ReconcileResult:
    accounts: int = 0
    ended: int = 0
    deleted: int = 0
    failed: int = 0
    unreachable: int = 0


def reconcile(now: datetime | None = None) -> ReconcileResult:
    """End or delete the meetings Zoom has on pool accounts that the pool does not hold."""
    now = now or timezone.now()
    made_before = now - timedelta(minutes=app_settings.ZOOMPOOL_RECONCILE_GRACE_MINUTES)
    result = ReconcileResult()
    for account in active_accounts().order_by("pk"):
        try:
            _reconcile_account(account, made_before, result)
        except ZoomError as error:
            note_error(account, error)
            result.unreachable += 1
            if error.unavailable:
                break  # Zoom is not answering: the next run tries again
        else:
            result.accounts += 1
    return result


def _made_at(meeting: dict) -> datetime | None:
    for field in ("created_at", "start_time"):
        try:
            when = parse_datetime(str(meeting.get(field) or ""))
        except ValueError:
            when = None
        if when is not None:
            return when if timezone.is_aware(when) else when.replace(tzinfo=UTC)
    return None


def _reconcile_account(account: ZoomAccount, made_before: datetime, result: ReconcileResult):
    client = ZoomClient.for_account(account)
    user = account.zoom_user_id or "me"
    live = [m for m in client.list_meetings(user, "live") if m.get("type") == SCHEDULED]
    listed = [m for m in client.list_meetings(user, "scheduled") if m.get("type") == SCHEDULED]
    # What the pool holds, read after Zoom's lists.
    held = (
        ZoomAccount.objects.filter(pk=account.pk)
        .values_list("current_lesson__zoom_meeting_id", flat=True)
        .first()
    ) or ""
    ids = {str(m["id"]) for m in live + listed}
    known = set(
        LiveLesson.objects.filter(zoom_meeting_id__in=ids).values_list("zoom_meeting_id", flat=True)
    )
    live_ids = {str(m["id"]) for m in live}
    for meeting in live:
        if str(meeting["id"]) != held:
            _remove(client, account, meeting, live=True, result=result)
    for meeting in listed:
        meeting_id = str(meeting["id"])
        if meeting_id in live_ids or meeting_id == held or meeting_id in known:
            continue
        made = _made_at(meeting)
        if made is not None and made <= made_before:
            _remove(client, account, meeting, live=False, result=result)


def _remove(
    client: ZoomClient, account: ZoomAccount, meeting: dict, *, live: bool, result: ReconcileResult
) -> None:
    meeting_id = str(meeting["id"])
    try:
        if live:
            client.end_meeting(meeting_id)
        else:
            client.delete_meeting(meeting_id)
    except ZoomError as error:
        if error.unavailable:
            raise
        if error.status == 404 or (live and error.status == 400):
            return  # gone, or no longer running, since Zoom listed it
        action, message = OrphanedMeeting.Action.FAILED, error.message[:2000]
        result.failed += 1
    else:
        action, message = (
            (OrphanedMeeting.Action.ENDED if live else OrphanedMeeting.Action.DELETED),
            "",
        )
        if live:
            result.ended += 1
        else:
            result.deleted += 1
    start = parse_datetime(str(meeting.get("start_time") or ""))
    OrphanedMeeting.objects.create(
        account=account,
        meeting_id=meeting_id[:32],
        topic=str(meeting.get("topic") or "")[:300],
        was_live=live,
        meeting_start=start if start and timezone.is_aware(start) else None,
        made_at=_made_at(meeting),
        action=action,
        error=message,
    )
    logger.warning(
        "Zoom meeting %s on %s was not the pool's: %s", meeting_id, account, action.label
    )
