"""Lending a pool account to a lesson and taking it back.

Starting a lesson (``start_lesson``) follows DESIGN.md's rule for remote calls: reserve in one
short transaction (lock the lesson row, pick a free account with SKIP LOCKED, mark it busy,
commit), call Zoom with no transaction open, then record the meeting, or give the account
back if Zoom failed. Nothing stays half-allocated: a reservation whose request died is freed
by the sweep. Accounts come back through Zoom's ``meeting.ended`` webhook and the sweep
(``release``); both are idempotent.

A start holds a web worker while it waits for Zoom, so that wait is bounded three ways
(``breaker.py``): each call gets ZOOMPOOL_START_TIMEOUT_SECONDS; at most
ZOOMPOOL_ZOOM_CALLS_AT_ONCE requests wait on Zoom at a time; and while Zoom is not answering
the breaker refuses at once. Each refusal is ``ZoomUnavailable`` (503 with Retry-After), with
the account given back.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learning.schedule.models import LiveLesson
from learning.schedule.services import timetable_changed

from ..app_settings import app_settings
from ..breaker import Breaker, NoPlace, call_place
from ..errors import (
    LessonNotStartable,
    LessonStarting,
    PoolExhausted,
    PoolNotConfigured,
    ZoomFailed,
    ZoomUnavailable,
)
from ..models import ZoomAccount
from ..permissions import require_can_start
from ..zoom_client import ZoomClient, ZoomError, api_base

logger = logging.getLogger(__name__)

START_CONNECT_TIMEOUT = 3.0  # seconds; a start's calls connect within this or give up
RATE_LIMIT_WAIT = 10  # seconds, when Zoom's 429 does not say how long


def start_early() -> timedelta:
    return timedelta(minutes=app_settings.ZOOMPOOL_START_EARLY_MINUTES)


def start_url_max_age() -> timedelta:
    return timedelta(minutes=app_settings.ZOOMPOOL_START_URL_MAX_AGE_MINUTES)


def meeting_settings() -> dict:
    return {
        "join_before_host": False,
        "mute_upon_entry": True,
        "approval_type": 2,  # no registration
        "auto_recording": app_settings.ZOOMPOOL_AUTO_RECORDING,
    }


def active_accounts() -> QuerySet[ZoomAccount]:
    return ZoomAccount.objects.filter(is_active=True)


def pool_size() -> int:
    return active_accounts().count()


def when_label(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def start_opens_at(lesson: LiveLesson) -> datetime:
    return lesson.start - start_early()


def start_timeout() -> tuple[float, float]:
    """(connect, read) seconds for each Zoom call a teacher's start waits on."""
    read = float(app_settings.ZOOMPOOL_START_TIMEOUT_SECONDS)
    return (min(START_CONNECT_TIMEOUT, read), read)


def wait_label(seconds: int) -> str:
    """ "30 seconds", "5 minutes", "3 hours": how long to wait, for a teacher."""
    if seconds < 120:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def not_answering(retry_after: int) -> ZoomUnavailable:
    return ZoomUnavailable(
        _("Zoom is not answering, try again in %(wait)s.") % {"wait": wait_label(retry_after)},
        retry_after=retry_after,
    )


def _refusal(error: ZoomError, failed: str) -> ZoomFailed:
    """The teacher's answer to a failed call: 503 with when to try again if Zoom gave no
    answer or asked us to slow down, else 502 with what Zoom said."""
    if error.unavailable:
        return not_answering(error.retry_after or app_settings.ZOOMPOOL_BREAKER_SECONDS)
    if error.status == 429:
        wait = error.retry_after or RATE_LIMIT_WAIT
        return ZoomUnavailable(
            _("Zoom asks us to wait before the next request, try again in %(wait)s.")
            % {"wait": wait_label(wait)},
            retry_after=wait,
            code="zoom_rate_limited",
        )
    return ZoomFailed(failed % {"error": error.message}, transient=error.transient)


def check_can_start(user, lesson: LiveLesson, now: datetime | None = None) -> None:
    require_can_start(user, lesson)
    now = now or timezone.now()
    if lesson.status == LiveLesson.Status.CANCELLED:
        raise LessonNotStartable(_("This lesson is cancelled."))
    if now < start_opens_at(lesson):
        raise LessonNotStartable(
            _("The lesson can be started from %(time)s.")
            % {"time": when_label(start_opens_at(lesson))}
        )
    if now >= lesson.end:
        raise LessonNotStartable(_("This lesson is over."))


def start_lesson(user, lesson: LiveLesson) -> LiveLesson:
    """Lend a pool account to the lesson and open its Zoom meeting; the lesson with its URLs.

    Idempotent: a lesson already started returns its meeting (with a fresh start URL when
    the stored one is near expiry); a second click while the first is still talking to Zoom
    waits for it a little. Raises NotAllowed, LessonNotStartable, PoolNotConfigured,
    PoolExhausted (nothing changed), ZoomUnavailable (Zoom not answering, busy or rate
    limiting: nothing held) or ZoomFailed (the account was given back).
    """
    check_can_start(user, lesson)
    ready = _live_with_fresh_start_url(lesson.pk)
    if ready is not None:
        return ready  # no Zoom call needed: works while Zoom is down
    _refuse_if_pool_full(lesson.pk)
    # While the breaker is open, refuse before touching the pool (demo accounts with their
    # own endpoint are checked at their call).
    if (seconds := Breaker(api_base()).open_for()) is not None:
        raise not_answering(seconds)
    try:
        with call_place():
            return _start(lesson.pk)
    except NoPlace as busy:
        raise ZoomUnavailable(
            _("Zoom is slow to answer right now, try again in %(wait)s.")
            % {"wait": wait_label(busy.retry_after)},
            retry_after=busy.retry_after,
            code="zoom_busy",
        ) from None


def _start(lesson_pk: int) -> LiveLesson:
    deadline = time.monotonic() + app_settings.ZOOMPOOL_START_WAIT_SECONDS
    while True:
        state, current, account = _reserve(lesson_pk)
        if state == "reserved":
            return _open_meeting(current, account)
        if state == "live":
            return _with_fresh_start_url(current, account)
        # "starting": another request holds the reservation and is waiting for Zoom.
        if time.monotonic() >= deadline:
            raise LessonStarting(_("The lesson is being started, try again in a moment."))
        time.sleep(0.2)


def _refuse_if_pool_full(lesson_pk: int) -> None:
    """A full pool answers 429 (none configured, 503) whatever Zoom's state: nothing could
    start anyway. A lesson already holding an account goes on (a second click, a refresh).
    ``_reserve`` checks again under its lock."""
    if ZoomAccount.objects.filter(current_lesson_id=lesson_pk).exists():
        return
    if not active_accounts().filter(is_busy=False).exists():
        raise PoolExhausted if active_accounts().exists() else PoolNotConfigured


def _live_with_fresh_start_url(lesson_pk: int) -> LiveLesson | None:
    """The lesson, when it is live on an account with a start URL still fresh; else None."""
    lesson = LiveLesson.objects.filter(pk=lesson_pk, status=LiveLesson.Status.LIVE).first()
    if lesson is None or not (lesson.zoom_meeting_id and lesson.start_url):
        return None
    fetched = lesson.start_url_fetched_at
    if not fetched or timezone.now() - fetched >= start_url_max_age():
        return None
    return lesson if ZoomAccount.objects.filter(current_lesson=lesson).exists() else None


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
        client = ZoomClient.for_account(account, timeout=start_timeout())
        meeting = client.create_meeting(
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
        raise _refusal(error, _("Zoom could not start the meeting: %(error)s")) from error

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
        # The sweep freed a reservation it took for dead: close the meeting nobody holds (the
        # reconciliation deletes it if this fails).
        end_meeting_quietly(account, meeting_id, client=client)
        raise LessonStarting(_("Starting took too long, try again."))
    logger.info("Lesson %s is live on Zoom account %s", lesson.pk, account.pk)
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


def note_error(account: ZoomAccount, error: ZoomError) -> None:
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
        client = ZoomClient.for_account(account, timeout=start_timeout())
        meeting = client.get_meeting(lesson.zoom_meeting_id)
        start_url = meeting["start_url"]
    except (ZoomError, KeyError, TypeError) as error:
        if not isinstance(error, ZoomError):
            error = ZoomError(f"Zoom get meeting: unexpected answer ({error!r})")
        note_error(account, error)
        failed = _("Zoom could not renew the lesson's start link: %(error)s")
        raise _refusal(error, failed) from error
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
            # update() sends no signal: the calendars showing it are told here.
            timetable_changed(groups=[locked.group_id])
        account = ZoomAccount.objects.select_for_update().filter(current_lesson=locked).first()
        if account is not None:
            ZoomAccount.objects.filter(pk=account.pk).update(
                is_busy=False, current_lesson=None, busy_since=None
            )
            logger.info("Lesson %s ended: Zoom account %s is free", locked.pk, account.pk)
        return account


def end_meeting_quietly(
    account: ZoomAccount, meeting_id: str, *, client: ZoomClient | None = None
) -> bool:
    """End a meeting at Zoom if it still runs; False (and noted) when Zoom could not be asked."""
    try:
        (client or ZoomClient.for_account(account)).end_meeting(meeting_id)
    except ZoomError as error:
        if error.status in (400, 404):
            return True  # not running, or gone: nothing to end
        note_error(account, error)
        return False
    return True
