"""The Zoom pool's rules: lending an account to a lesson, taking it back, webhooks, capacity.

Starting a lesson (``start_lesson``) follows DESIGN.md's rule for remote calls: reserve in one
short transaction (lock the lesson row, pick a free account with SKIP LOCKED, mark it busy,
commit), call Zoom with no transaction open, then record the meeting, or give the account
back if Zoom failed. Nothing stays half-allocated: a reservation whose request died is freed
by the sweep.

Accounts come back two ways: Zoom's ``meeting.ended`` webhook (``handle_event``) and the
Celery beat ``sweep`` for lessons long over. Both are idempotent.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.services import is_staff
from learning.schedule.models import LiveLesson

from . import zoom_client
from .models import LessonRecording, ZoomAccount, ZoomEvent, recording_upload_to
from .zoom_client import ZoomClient, ZoomError

logger = logging.getLogger(__name__)

__all__ = [
    "LessonNotStartable",
    "LessonStarting",
    "PoolExhausted",
    "PoolNotConfigured",
    "WebhookError",
    "ZoomError",
    "ZoomPoolError",
]

SWEEP_GRACE = timedelta(minutes=15)  # a lesson's account comes back this long after its end
RESERVATION_TIMEOUT = timedelta(minutes=10)  # a reservation that never got its meeting
WEBHOOK_TOLERANCE = 300  # seconds between Zoom's timestamp and our clock


class ZoomPoolError(Exception):
    """A lesson cannot get its video room; the message is for the teacher."""


class PoolNotConfigured(ZoomPoolError):
    def __init__(self) -> None:
        super().__init__(_("No video accounts are configured."))


class PoolExhausted(ZoomPoolError):
    def __init__(self) -> None:
        super().__init__(_("All video accounts are busy, try again in a few minutes."))


class LessonNotStartable(ZoomPoolError):
    """Too early, already over, or cancelled."""


class LessonStarting(ZoomPoolError):
    """Another request is starting this very lesson and has not finished yet."""


class WebhookError(Exception):
    """A webhook whose signature, timestamp or body does not check out."""


# ---------------------------------------------------------------------------------------------
# Settings (read at call time, so tests and later settings changes take effect)


def start_early() -> timedelta:
    return timedelta(minutes=getattr(settings, "ZOOMPOOL_START_EARLY_MINUTES", 10))


def start_url_max_age() -> timedelta:
    # Zoom's start URL carries the host's ZAK token, which lives about two hours.
    return timedelta(minutes=getattr(settings, "ZOOMPOOL_START_URL_MAX_AGE_MINUTES", 110))


def start_wait_seconds() -> float:
    return float(getattr(settings, "ZOOMPOOL_START_WAIT_SECONDS", 15))


def meeting_settings() -> dict:
    return {
        "join_before_host": False,
        "mute_upon_entry": True,
        "approval_type": 2,  # no registration
        "auto_recording": getattr(settings, "ZOOMPOOL_AUTO_RECORDING", "cloud"),
    }


def recording_file_types() -> tuple[str, ...]:
    return tuple(t.upper() for t in getattr(settings, "ZOOMPOOL_RECORDING_FILE_TYPES", ["MP4"]))


def recording_max_bytes() -> int:
    return int(getattr(settings, "ZOOMPOOL_RECORDING_MAX_BYTES", 20 * 1024**3))


# ---------------------------------------------------------------------------------------------
# The pool


def active_accounts() -> QuerySet[ZoomAccount]:
    return ZoomAccount.objects.filter(is_active=True)


def pool_size() -> int:
    return active_accounts().count()


def accounts_overview() -> QuerySet[ZoomAccount]:
    """Every account with whoever holds it, in one query (the admin's live view)."""
    return ZoomAccount.objects.select_related(
        "current_lesson__teacher", "current_lesson__group"
    ).order_by("-is_busy", "label", "pk")


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def can_start(user, lesson: LiveLesson) -> bool:
    """Its teacher or staff; the time window is checked by ``check_can_start``."""
    return bool(user and user.is_authenticated) and (user.pk == lesson.teacher_id or is_staff(user))


def start_opens_at(lesson: LiveLesson) -> datetime:
    return lesson.start - start_early()


def check_can_start(user, lesson: LiveLesson, now: datetime | None = None) -> None:
    if not can_start(user, lesson):
        raise PermissionDenied(_("Only the lesson's teacher can start it."))
    now = now or timezone.now()
    if lesson.status == LiveLesson.Status.CANCELLED:
        raise LessonNotStartable(_("This lesson is cancelled."))
    if now < start_opens_at(lesson):
        raise LessonNotStartable(
            _("The lesson can be started from %(time)s.") % {"time": _when(start_opens_at(lesson))}
        )
    if now >= lesson.end:
        raise LessonNotStartable(_("This lesson is over."))


def start_lesson(user, lesson: LiveLesson) -> LiveLesson:
    """Lend a pool account to the lesson and open its Zoom meeting; the lesson with its URLs.

    Idempotent: a lesson already started returns its meeting (with a fresh start URL when
    the stored one is near expiry); a second click while the first is still talking to Zoom
    waits for it. Raises PermissionDenied, LessonNotStartable, PoolNotConfigured,
    PoolExhausted (nothing changed) or ZoomError (the account was given back).
    """
    check_can_start(user, lesson)
    deadline = time.monotonic() + start_wait_seconds()
    while True:
        state, current, account = _reserve(lesson.pk)
        if state == "reserved":
            return _open_meeting(current, account)
        if state == "live":
            return _with_fresh_start_url(current, account)
        # "starting": another request holds the reservation and is waiting for Zoom.
        if time.monotonic() >= deadline:
            raise LessonStarting(_("The lesson is being started, try again in a moment."))
        time.sleep(0.2)


def _reserve(lesson_pk: int) -> tuple[str, LiveLesson, ZoomAccount]:
    """One short transaction: ("live" | "starting" | "reserved", lesson, account)."""
    with transaction.atomic():
        # The lesson row first: two clicks on one lesson queue here, so they cannot take
        # two accounts.
        lesson = LiveLesson.objects.select_for_update().get(pk=lesson_pk)
        if lesson.status == LiveLesson.Status.CANCELLED:
            raise LessonNotStartable(_("This lesson is cancelled."))
        holder = ZoomAccount.objects.filter(current_lesson=lesson).first()
        if holder is not None:
            live = lesson.status == LiveLesson.Status.LIVE and lesson.zoom_meeting_id
            return ("live" if live else "starting"), lesson, holder
        account = (
            ZoomAccount.objects.select_for_update(skip_locked=True)
            .filter(is_active=True, is_busy=False)
            # Least recently used first: use is spread, and an account that just failed
            # goes to the back of the queue.
            .order_by(F("last_used_at").asc(nulls_first=True), "pk")
            .first()
        )
        if account is None:
            if not active_accounts().exists():
                raise PoolNotConfigured
            raise PoolExhausted
        now = timezone.now()
        # Conditional, for databases without row locks (SQLite): never take a busy account.
        if not ZoomAccount.objects.filter(pk=account.pk, is_busy=False).update(
            is_busy=True, current_lesson=lesson, busy_since=now, last_used_at=now
        ):
            raise PoolExhausted
        account.is_busy, account.current_lesson, account.busy_since = True, lesson, now
        return "reserved", lesson, account


def _minutes(start: datetime, end: datetime) -> int:
    return max(1, math.ceil((end - start).total_seconds() / 60))


def _open_meeting(lesson: LiveLesson, account: ZoomAccount) -> LiveLesson:
    """Outside any transaction: create the meeting, then record it (or give the account back)."""
    now = timezone.now()
    start = max(lesson.start, now)
    try:
        meeting = ZoomClient.for_account(account).create_meeting(
            account.zoom_user_id or "me",
            lesson.title,
            start,
            _minutes(start, lesson.end),
            meeting_settings=meeting_settings(),
        )
        meeting_id = str(meeting["id"])
        start_url, join_url = meeting["start_url"], meeting["join_url"]
    except (ZoomError, KeyError, TypeError) as error:
        if not isinstance(error, ZoomError):
            error = ZoomError(f"Zoom create meeting: unexpected answer ({error!r})")
        _give_back(account, lesson, error)
        raise ZoomError(
            _("Zoom could not start the meeting: %(error)s") % {"error": error.message},
            status=error.status,
            code=error.code,
            transient=error.transient,
        ) from error

    with transaction.atomic():
        lesson = LiveLesson.objects.select_for_update().get(pk=lesson.pk)
        if not ZoomAccount.objects.filter(pk=account.pk, current_lesson=lesson).exists():
            taken_back = True
        else:
            taken_back = False
            lesson.zoom_meeting_id = meeting_id
            lesson.zoom_meeting_uuid = str(meeting.get("uuid") or "")
            lesson.start_url = start_url
            lesson.start_url_fetched_at = now
            lesson.join_url = join_url
            lesson.status = LiveLesson.Status.LIVE
            lesson.started_at = lesson.started_at or now
            lesson.ended_at = None
            lesson.save(
                update_fields=[
                    "zoom_meeting_id",
                    "zoom_meeting_uuid",
                    "start_url",
                    "start_url_fetched_at",
                    "join_url",
                    "status",
                    "started_at",
                    "ended_at",
                ]
            )
            ZoomAccount.objects.filter(pk=account.pk).update(last_error="", last_error_at=None)
    if taken_back:
        # The sweep freed a reservation it took for dead: close the meeting nobody holds.
        _end_meeting_quietly(account, meeting_id)
        raise LessonStarting(_("Starting took too long, try again."))
    return lesson


def _give_back(account: ZoomAccount, lesson: LiveLesson, error: ZoomError) -> None:
    logger.warning("Zoom account %s could not start lesson %s: %s", account, lesson.pk, error)
    ZoomAccount.objects.filter(pk=account.pk, current_lesson_id=lesson.pk).update(
        is_busy=False,
        current_lesson=None,
        busy_since=None,
        last_error=str(error)[:2000],
        last_error_at=timezone.now(),
    )


def _note_error(account: ZoomAccount, error: ZoomError) -> None:
    ZoomAccount.objects.filter(pk=account.pk).update(
        last_error=str(error)[:2000], last_error_at=timezone.now()
    )


def _with_fresh_start_url(lesson: LiveLesson, account: ZoomAccount) -> LiveLesson:
    """The lesson as is, or with a start URL fetched again from Zoom when it is too old."""
    now = timezone.now()
    fetched = lesson.start_url_fetched_at
    if lesson.start_url and fetched and now - fetched < start_url_max_age():
        return lesson
    try:
        meeting = ZoomClient.for_account(account).get_meeting(lesson.zoom_meeting_id)
        start_url = meeting["start_url"]
    except (ZoomError, KeyError, TypeError) as error:
        if not isinstance(error, ZoomError):
            error = ZoomError(f"Zoom get meeting: unexpected answer ({error!r})")
        _note_error(account, error)
        raise ZoomError(
            _("Zoom could not renew the lesson's start link: %(error)s") % {"error": error.message},
            status=error.status,
            code=error.code,
            transient=error.transient,
        ) from error
    LiveLesson.objects.filter(pk=lesson.pk, zoom_meeting_id=lesson.zoom_meeting_id).update(
        start_url=start_url,
        start_url_fetched_at=now,
        join_url=meeting.get("join_url") or lesson.join_url,
    )
    lesson.refresh_from_db()
    return lesson


def release(
    lesson: LiveLesson, *, now: datetime | None = None, meeting_id: str | None = None
) -> ZoomAccount | None:
    """The lesson is over: mark it ended and free its account (if it still holds one).

    With ``meeting_id`` (Zoom said that meeting ended) only while the lesson is live on that
    very meeting: a late event must not take back an account the lesson holds for a restart.
    Safe to call twice and from several processes at once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = LiveLesson.objects.select_for_update().filter(pk=lesson.pk).first()
        if locked is None:
            return None
        if meeting_id is not None and (
            locked.zoom_meeting_id != meeting_id or locked.status != LiveLesson.Status.LIVE
        ):
            return None
        if locked.status == LiveLesson.Status.LIVE:
            LiveLesson.objects.filter(pk=locked.pk).update(
                status=LiveLesson.Status.ENDED, ended_at=now
            )
        account = ZoomAccount.objects.select_for_update().filter(current_lesson=locked).first()
        if account is not None:
            ZoomAccount.objects.filter(pk=account.pk).update(
                is_busy=False, current_lesson=None, busy_since=None
            )
        return account


def _end_meeting_quietly(account: ZoomAccount, meeting_id: str) -> bool:
    """End a meeting at Zoom if it still runs; False (and noted) when Zoom could not be asked."""
    try:
        ZoomClient.for_account(account).end_meeting(meeting_id)
    except ZoomError as error:
        if error.status in (400, 404):
            return True  # not running, or gone: nothing to end
        _note_error(account, error)
        return False
    return True


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
            result.meetings_ended += _end_meeting_quietly(account, lesson.zoom_meeting_id)
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


# ---------------------------------------------------------------------------------------------
# Webhooks


def _timestamp(value: str, now: float) -> int:
    try:
        stamp = int(value)
    except (TypeError, ValueError) as error:
        raise WebhookError("bad x-zm-request-timestamp") from error
    if stamp > 10**11:  # milliseconds
        stamp //= 1000
    if abs(now - stamp) > WEBHOOK_TOLERANCE:
        raise WebhookError("stale x-zm-request-timestamp")
    return stamp


def verify_webhook(
    body: bytes, timestamp: str, signature: str, *, now: float | None = None
) -> tuple[dict, ZoomAccount]:
    """The event and the pool account whose secret token signed it; WebhookError otherwise.

    Zoom signs with the secret token of the app the event belongs to: the accounts whose
    Zoom account ID is the payload's are tried first (several pool accounts may share one
    Zoom account), else every active account.
    """
    if not timestamp or not signature:
        raise WebhookError("missing x-zm-signature or x-zm-request-timestamp")
    _timestamp(timestamp, time.time() if now is None else now)
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise WebhookError("body is not JSON") from error
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        raise WebhookError("not a Zoom event")
    payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
    accounts = list(ZoomAccount.objects.exclude(webhook_secret_token="").order_by("pk"))
    zoom_account = payload.get("account_id")
    candidates = [a for a in accounts if zoom_account and a.account_id == zoom_account]
    if not candidates:
        candidates = [a for a in accounts if a.is_active]
    for account in candidates:
        if zoom_client.signature_matches(account.webhook_secret_token, timestamp, body, signature):
            return event, account
    raise WebhookError("signature does not match")


def handle_event(event: Mapping[str, Any], account: ZoomAccount) -> dict:
    """Act on a verified event; the JSON to answer Zoom with. Unknown events are no-ops."""
    kind = event.get("event")
    payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
    if kind == "endpoint.url_validation":
        plain = str(payload.get("plainToken") or "")
        if not plain:
            raise WebhookError("url_validation without plainToken")
        return {
            "plainToken": plain,
            "encryptedToken": zoom_client.url_validation_token(account.webhook_secret_token, plain),
        }
    meeting = payload.get("object") if isinstance(payload.get("object"), dict) else {}
    if kind == "meeting.ended":
        return meeting_ended(meeting, account, event_ts=event.get("event_ts"))
    if kind == "recording.completed":
        token = event.get("download_token") or payload.get("download_token") or ""
        return recording_completed(meeting, account, str(token), event_ts=event.get("event_ts"))
    return {"received": True, "ignored": kind}


def _record_event(kind: str, key: str, account: ZoomAccount) -> bool:
    """True the first time this event is seen (call inside a transaction)."""
    try:
        with transaction.atomic():
            ZoomEvent.objects.create(event=kind, key=key[:255], account=account)
    except IntegrityError:
        return False
    return True


def _lesson_for_meeting(meeting: Mapping[str, Any]) -> LiveLesson | None:
    meeting_id = str(meeting.get("id") or "").strip()
    if not meeting_id:
        return None
    return LiveLesson.objects.filter(zoom_meeting_id=meeting_id).order_by("-pk").first()


def meeting_ended(
    meeting: Mapping[str, Any], account: ZoomAccount, *, event_ts: Any = None
) -> dict:
    """Zoom says the meeting ended: the lesson ends and its account is free (once per uuid)."""
    uuid = str(meeting.get("uuid") or "")
    key = uuid or f"{meeting.get('id')}:{event_ts}"
    with transaction.atomic():
        if not _record_event("meeting.ended", key, account):
            return {"received": True, "duplicate": True}
        lesson = _lesson_for_meeting(meeting)
        freed = release(lesson, meeting_id=lesson.zoom_meeting_id) if lesson else None
    return {"received": True, "lesson": lesson.pk if lesson else None, "freed": freed is not None}


def _seconds_between(start: Any, end: Any) -> timedelta | None:
    start_at = parse_datetime(start) if isinstance(start, str) else None
    end_at = parse_datetime(end) if isinstance(end, str) else None
    if start_at and end_at and end_at >= start_at:
        return end_at - start_at
    return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def recording_completed(
    meeting: Mapping[str, Any], account: ZoomAccount, download_token: str, *, event_ts: Any = None
) -> dict:
    """Store the lesson's recording files and queue their download (Celery, after commit)."""
    from . import tasks  # tasks import this module

    lesson = _lesson_for_meeting(meeting)
    if lesson is None:
        return {"received": True, "lesson": None}
    uuid = str(meeting.get("uuid") or "")
    wanted = recording_file_types()
    files = [
        f
        for f in meeting.get("recording_files") or []
        if isinstance(f, dict)
        and f.get("id")
        and str(f.get("file_type") or "").upper() in wanted
        and f.get("download_url")
    ]
    queued = []
    with transaction.atomic():
        if not _record_event("recording.completed", f"{uuid}:{event_ts}", account):
            return {"received": True, "duplicate": True}
        for item in files:
            fields = {
                "download_url": item["download_url"],
                "download_token": download_token,
                "url": item.get("play_url") or meeting.get("share_url") or "",
            }
            recording, created = LessonRecording.objects.get_or_create(
                zoom_file_id=str(item["id"]),
                defaults={
                    **fields,
                    "lesson": lesson,
                    "account": account,
                    "zoom_meeting_uuid": uuid,
                    "file_type": str(item.get("file_type") or "").upper()[:16],
                    "duration": _seconds_between(
                        item.get("recording_start"), item.get("recording_end")
                    ),
                    "size": _int_or_none(item.get("file_size")),
                    "recorded_at": parse_datetime(item.get("recording_start") or ""),
                },
            )
            if not created:
                if recording.status == LessonRecording.Status.READY:
                    continue
                # Sent again (a new download token): try again with it.
                LessonRecording.objects.filter(pk=recording.pk).update(
                    status=LessonRecording.Status.PENDING, **fields
                )
            queued.append(recording.pk)
            tasks.download_recording.delay_on_commit(recording.pk)
    return {"received": True, "lesson": lesson.pk, "recordings": queued}


# ---------------------------------------------------------------------------------------------
# Recordings


def can_view_recordings(user, lesson: LiveLesson) -> bool:
    """The lesson's teacher, staff, and the students of its group."""
    if not (user and user.is_authenticated):
        return False
    if can_start(user, lesson):
        return True
    return lesson.group.memberships.filter(student=user).exists()


def ready_recordings(lesson: LiveLesson) -> QuerySet[LessonRecording]:
    return lesson.recordings.filter(status=LessonRecording.Status.READY)


class DownloadFailed(Exception):
    """A transient download failure: the Celery task tries again later."""


def _looks_like(file_type: str, head: bytes) -> bool:
    # Zoom answers some failures with an HTML or JSON page; never store one as a video.
    if file_type in ("MP4", "M4A"):
        return head[4:8] == b"ftyp"
    return True


def download_recording(recording_id: int) -> LessonRecording | None:
    """Copy one recording from Zoom into the media storage. Idempotent.

    Raises DownloadFailed for what may pass (network, 429, 5xx, a short file); a permanent
    failure (no access, not a video) marks the recording failed and returns it.
    """
    recording = (
        LessonRecording.objects.select_related("lesson", "account").filter(pk=recording_id).first()
    )
    if recording is None or recording.status == LessonRecording.Status.READY:
        return recording
    LessonRecording.objects.filter(pk=recording.pk).update(attempts=F("attempts") + 1)
    lesson = recording.lesson
    extension = (recording.file_type or "mp4").lower()
    stamp = f"{timezone.localtime(lesson.start):%Y%m%d-%H%M}"
    name = f"{slugify(lesson.title)[:60] or 'lesson'}-{stamp}.{extension}"
    with tempfile.TemporaryFile() as spool:
        try:
            size = _fetch(recording, spool)
        except ZoomError as error:
            if error.transient:
                _download_error(recording, error, failed=False)
                raise DownloadFailed(str(error)) from error
            return _download_error(recording, error, failed=True)
        spool.seek(0)
        if recording.size and size != recording.size:
            error = ZoomError(f"incomplete download: {size} of {recording.size} bytes")
            _download_error(recording, error, failed=False)
            raise DownloadFailed(str(error))
        if not _looks_like(recording.file_type, spool.read(16)):
            return _download_error(recording, ZoomError("not a video file"), failed=True)
        spool.seek(0)
        saved = default_storage.save(recording_upload_to(recording, name), File(spool, name=name))
    done = (
        LessonRecording.objects.filter(pk=recording.pk)
        .exclude(status=LessonRecording.Status.READY)
        .update(
            file=saved,
            size=size,
            status=LessonRecording.Status.READY,
            downloaded_at=timezone.now(),
            download_error="",
            download_token="",
        )
    )
    if not done:  # another worker finished it first
        default_storage.delete(saved)
    recording.refresh_from_db()
    return recording


def _fetch(recording: LessonRecording, out) -> int:
    """Download with the webhook's token; once it is refused (24 hours passed), with the app's."""
    limit = recording_max_bytes()
    if recording.download_token:
        try:
            return zoom_client.download(
                recording.download_url, out, token=recording.download_token, max_bytes=limit
            )
        except ZoomError as error:
            if error.status not in (401, 403) or recording.account is None:
                raise
            out.seek(0)
            out.truncate()
    if recording.account is None:
        raise ZoomError("no download token and no account to ask Zoom with")
    return ZoomClient.for_account(recording.account).download(
        recording.download_url, out, max_bytes=limit
    )


def _download_error(
    recording: LessonRecording, error: Exception, *, failed: bool
) -> LessonRecording:
    logger.warning("Recording %s download failed: %s", recording.pk, error)
    changes: dict[str, Any] = {"download_error": str(error)[:2000]}
    if failed:
        changes["status"] = LessonRecording.Status.FAILED
    LessonRecording.objects.filter(pk=recording.pk).exclude(
        status=LessonRecording.Status.READY
    ).update(**changes)
    recording.refresh_from_db()
    return recording


def mark_download_failed(recording_id: int, error: str) -> None:
    """The task gave up retrying."""
    LessonRecording.objects.filter(pk=recording_id).exclude(
        status=LessonRecording.Status.READY
    ).update(status=LessonRecording.Status.FAILED, download_error=error[:2000])


# ---------------------------------------------------------------------------------------------
# Capacity planning: the timetable against the pool's size


def _intervals(start: datetime, end: datetime, *, ignore_key: str | None = None) -> list:
    """(start, end) of every timetabled lesson overlapping [start, end), cancelled ones aside."""
    from learning.schedule.services import all_occurrences  # the timetable builds on the pool

    cancelled = LiveLesson.Status.CANCELLED
    return [
        (o.start, o.end)
        for o in all_occurrences(start, end)
        if o.start < end and o.end > start and o.status != cancelled and o.key != ignore_key
    ]


def _peak(intervals: Iterable[tuple[datetime, datetime]], start: datetime, end: datetime):
    """(most at once within [start, end), the first moment it happens). Ends free a slot
    before starts at the same moment take one (half-open intervals)."""
    events = []
    for s, e in intervals:
        events.append((max(s, start), 1))
        events.append((min(e, end), -1))
    events.sort(key=lambda item: (item[0], item[1]))
    running = best = 0
    moment = start
    for at, change in events:
        running += change
        if running > best:
            best, moment = running, at
    return best, moment


def capacity_warning(
    start: datetime, end: datetime, *, ignore_key: str | None = None
) -> str | None:
    """A warning when a lesson in [start, end) would make more lessons run at once than there
    are active pool accounts; None when it fits. ``ignore_key`` leaves out the occurrence
    being created or moved (its Occurrence.key), should the timetable already hold it.
    Without any active account there is nothing to plan and no warning. The timetable makes
    it a hard limit (learning.schedule.services.hard_capacity_limit)."""
    others, moment = _peak(_intervals(start, end, ignore_key=ignore_key), start, end)
    needed = others + 1
    size = pool_size()
    # No accounts at all: the school does not use the pool ("Start lesson" says so itself).
    if size == 0 or needed <= size:
        return None
    return ngettext(
        "At %(time)s %(count)s lessons would run at once, but the pool has only "
        "%(size)s video account: one of them will not get a Zoom room.",
        "At %(time)s %(count)s lessons would run at once, but the pool has only "
        "%(size)s video accounts: one of them will not get a Zoom room.",
        size,
    ) % {"time": _when(moment), "count": needed, "size": size}


@dataclass
class WeekUsage:
    days: list[date]
    hours: list[int]
    rows: list[list[int]]  # rows[hour][day]: most lessons at once within that hour
    capacity: int
    peak: int


def peak_usage(week_start: date, *, tz: str | None = None) -> WeekUsage:
    """Per hour of a week (from Monday ``week_start``, local time), the most lessons at once."""
    zone = ZoneInfo(tz or settings.TIME_ZONE)
    days = [week_start + timedelta(days=i) for i in range(7)]
    slots = [
        datetime(d.year, d.month, d.day, hour, tzinfo=zone) for d in days for hour in range(24)
    ]
    begin = slots[0]
    finish = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    bounds = [*slots, finish]
    intervals = sorted(_intervals(begin, finish))
    # Sweep the slots in order; a heap of running lessons' ends gives the count at any moment.
    peaks = []
    running: list[datetime] = []
    index = 0
    for slot_start, slot_end in zip(bounds, bounds[1:], strict=False):
        while running and running[0] <= slot_start:
            heapq.heappop(running)
        best = len(running)
        while index < len(intervals) and intervals[index][0] < slot_end:
            s, e = intervals[index]
            index += 1
            if e <= slot_start:
                continue
            while running and running[0] <= max(s, slot_start):
                heapq.heappop(running)
            heapq.heappush(running, e)
            best = max(best, len(running))
        peaks.append(best)
    rows = [[peaks[day * 24 + hour] for day in range(7)] for hour in range(24)]
    return WeekUsage(
        days=days,
        hours=list(range(24)),
        rows=rows,
        capacity=pool_size(),
        peak=max(peaks, default=0),
    )
