"""Zoom's webhook events: verified on the raw body, recorded once, acted on quickly.

``meeting.ended`` frees the lesson's account; ``recording.completed`` stores the recording files
and queues their download (Celery, after commit). Safe to receive twice, late or out of order.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.ids import MAX_ID
from core.parsers import loads
from learning.schedule.models import LiveLesson

from . import tasks, zoom_client
from .errors import ZoomEventInvalid, ZoomWebhookRejected
from .models import LessonRecording, ZoomAccount, ZoomEvent
from .services import recording_file_types, release

WEBHOOK_TOLERANCE = 300  # seconds between Zoom's timestamp and our clock


def _timestamp(value: str, now: float) -> int:
    try:
        stamp = int(value)
    except (TypeError, ValueError) as error:
        raise ZoomWebhookRejected("bad x-zm-request-timestamp") from error
    if stamp > 10**11:  # milliseconds
        stamp //= 1000
    if abs(now - stamp) > WEBHOOK_TOLERANCE:
        raise ZoomWebhookRejected("stale x-zm-request-timestamp")
    return stamp


def verify_webhook(
    body: bytes, timestamp: str, signature: str, *, now: float | None = None
) -> tuple[dict, ZoomAccount]:
    """The event and the pool account whose secret token signed it; ZoomWebhookRejected otherwise.

    Zoom signs with the secret token of the app the event belongs to: the accounts whose
    Zoom account ID is the payload's are tried first (several pool accounts may share one
    Zoom account), else every active account.
    """
    if not timestamp or not signature:
        raise ZoomWebhookRejected("missing x-zm-signature or x-zm-request-timestamp")
    _timestamp(timestamp, time.time() if now is None else now)
    try:
        event = loads(body)  # bounded nesting: a deep body is "not JSON", not a RecursionError
    except (ValueError, UnicodeDecodeError) as error:
        raise ZoomWebhookRejected("body is not JSON") from error
    if not isinstance(event, dict) or not isinstance(event.get("event"), str):
        raise ZoomWebhookRejected("not a Zoom event")
    payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
    accounts = list(ZoomAccount.objects.exclude(webhook_secret_token="").order_by("pk"))
    zoom_account = payload.get("account_id")
    candidates = [a for a in accounts if zoom_account and a.account_id == zoom_account]
    if not candidates:
        candidates = [a for a in accounts if a.is_active]
    for account in candidates:
        if zoom_client.signature_matches(account.webhook_secret_token, timestamp, body, signature):
            return event, account
    raise ZoomWebhookRejected("signature does not match")


def handle_event(event: Mapping[str, Any], account: ZoomAccount) -> dict:
    """Act on a verified event; the JSON to answer Zoom with. Unknown events are no-ops."""
    kind = event.get("event")
    payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
    if kind == "endpoint.url_validation":
        plain = str(payload.get("plainToken") or "")
        if not plain:
            raise ZoomWebhookRejected("url_validation without plainToken")
        return {
            "plainToken": plain,
            "encryptedToken": zoom_client.url_validation_token(account.webhook_secret_token, plain),
        }
    meeting = payload.get("object") if isinstance(payload.get("object"), dict) else {}
    event_ts = event.get("event_ts")
    _text(event_ts, 32, "event_ts")  # part of the once-only key: checked like the ids
    if kind == "meeting.ended":
        return meeting_ended(meeting, account, event_ts=event_ts)
    if kind == "recording.completed":
        token = event.get("download_token") or payload.get("download_token") or ""
        token = _text(token, 4000, "download_token")
        return recording_completed(meeting, account, token, event_ts=event_ts)
    return {"received": True, "ignored": kind}


def _record_event(kind: str, key: str, account: ZoomAccount) -> bool:
    """True the first time this event is seen (call inside a transaction)."""
    try:
        with transaction.atomic():
            ZoomEvent.objects.create(event=kind, key=key[:255], account=account)
    except IntegrityError:
        return False
    return True


# What a signed event may hold before anything is stored or looked up. Zoom's ids are short;
# a longer one, a NUL byte (PostgreSQL refuses it), a size past any file or a date that is no
# date cannot come from Zoom, and would otherwise fail in the database as a 500.
MEETING_ID_MAX, MEETING_UUID_MAX, FILE_ID_MAX, URL_MAX = 32, 64, 128, 2000


def _text(value: Any, limit: int, what: str) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise ZoomEventInvalid(
            _("%(what)s is longer than %(limit)d characters.") % {"what": what, "limit": limit}
        )
    if "\x00" in text:
        raise ZoomEventInvalid(_("%(what)s contains a NUL character.") % {"what": what})
    return text


def _moment(value: Any, what: str):
    """A recording's start or end: None when absent, ZoomEventInvalid when it is no date."""
    if value in (None, ""):
        return None
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or not 1970 <= moment.year <= 9000:
        raise ZoomEventInvalid(_("%(what)s is not a date and time.") % {"what": what})
    return moment


def _size(value: Any) -> int | None:
    size = _int_or_none(value)
    if size is not None and not 0 <= size <= MAX_ID:
        raise ZoomEventInvalid(_("file_size is not the size of a file."))
    return size


def _lesson_for_meeting(meeting: Mapping[str, Any]) -> LiveLesson | None:
    meeting_id = _text(meeting.get("id"), MEETING_ID_MAX, "object.id")
    if not meeting_id:
        return None
    return LiveLesson.objects.filter(zoom_meeting_id=meeting_id).order_by("-pk").first()


def meeting_ended(
    meeting: Mapping[str, Any], account: ZoomAccount, *, event_ts: Any = None
) -> dict:
    """Zoom says the meeting ended: the lesson ends and its account is free (once per uuid)."""
    uuid = _text(meeting.get("uuid"), MEETING_UUID_MAX, "object.uuid")
    key = uuid or f"{meeting.get('id')}:{event_ts}"
    with transaction.atomic():
        if not _record_event("meeting.ended", key, account):
            return {"received": True, "duplicate": True}
        lesson = _lesson_for_meeting(meeting)
        freed = release(lesson, meeting_id=lesson.zoom_meeting_id) if lesson else None
    return {"received": True, "lesson": lesson.pk if lesson else None, "freed": freed is not None}


def _seconds_between(start_at, end_at) -> timedelta | None:
    if start_at and end_at and end_at >= start_at:
        return end_at - start_at
    return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _recording_file(item: Mapping[str, Any]) -> dict:
    """One entry of ``recording_files``, checked: ZoomEventInvalid names what cannot be."""
    return {
        "id": _text(item.get("id"), FILE_ID_MAX, "recording_files.id"),
        "file_type": str(item.get("file_type") or "").upper()[:16],
        "download_url": _text(item.get("download_url"), URL_MAX, "recording_files.download_url"),
        "play_url": _text(item.get("play_url"), URL_MAX, "recording_files.play_url"),
        "start": _moment(item.get("recording_start"), "recording_files.recording_start"),
        "end": _moment(item.get("recording_end"), "recording_files.recording_end"),
        "size": _size(item.get("file_size")),
    }


def recording_completed(
    meeting: Mapping[str, Any], account: ZoomAccount, download_token: str, *, event_ts: Any = None
) -> dict:
    """Store the lesson's recording files and queue their download (Celery, after commit)."""
    lesson = _lesson_for_meeting(meeting)
    if lesson is None:
        return {"received": True, "lesson": None}
    uuid = _text(meeting.get("uuid"), MEETING_UUID_MAX, "object.uuid")
    share_url = _text(meeting.get("share_url"), URL_MAX, "object.share_url")
    wanted = recording_file_types()
    listed = meeting.get("recording_files")
    files = [
        _recording_file(f)
        for f in (listed if isinstance(listed, list) else [])
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
                "url": item["play_url"] or share_url,
            }
            recording, created = LessonRecording.objects.get_or_create(
                zoom_file_id=item["id"],
                defaults={
                    **fields,
                    "lesson": lesson,
                    "account": account,
                    "zoom_meeting_uuid": uuid,
                    "file_type": item["file_type"],
                    "duration": _seconds_between(item["start"], item["end"]),
                    "size": item["size"],
                    "recorded_at": item["start"],
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
