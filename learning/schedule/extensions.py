"""What apps built on the timetable plug into it, registered in their AppConfig.ready().

The timetable knows nothing of the video pool (it sits above); the pool fills these in:

- capacity checks: asked after a lesson is created or moved, inside the transaction, with the
  occurrence's window and key. A check answers a warning (or None); it may refuse the change by
  raising ``learning.schedule.errors.Conflict``.
- the video room: the lesson page's "Start lesson", its opening time and recordings, and the
  views behind the lesson's start and recording URLs. Without one the page offers neither.

Bookings (``learning.bookings``, above the timetable too) fill in:

- busy time: spans a tutor is held for outside the timetable (a booking waiting for the
  tutor's answer or the learner's payment), subtracted from their free slots like lessons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from .models import LiveLesson
    from .recurrence import Occurrence

CapacityCheck = Callable[[datetime, datetime, str], "str | None"]

_capacity_checks: list[CapacityCheck] = []


class VideoRoom(Protocol):
    """A lesson's video room, as the lesson page uses it."""

    def start_opens_at(self, lesson: LiveLesson) -> datetime: ...

    def can_start(self, user, lesson: LiveLesson) -> bool: ...

    def can_view_recordings(self, user, lesson: LiveLesson) -> bool: ...

    def recordings(self, lesson: LiveLesson) -> list: ...

    def start(self, request: HttpRequest, occurrence: Occurrence) -> HttpResponse:
        """The POST behind "Start lesson" (the occurrence is one the person may see)."""

    def recording(self, request: HttpRequest, recording_id: int) -> HttpResponse:
        """One recording's file, for the people allowed to watch it."""


_video_room: list[VideoRoom] = []

BusyTime = Callable[[object, datetime, datetime], "list[tuple[datetime, datetime]]"]
_busy_time: list[BusyTime] = []


def register_busy_time(provider: BusyTime) -> None:
    if provider not in _busy_time:
        _busy_time.append(provider)


def busy_time(tutor, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The spans the registered providers hold the tutor for within [start, end)."""
    return [span for provider in _busy_time for span in provider(tutor, start, end)]


def register_capacity_check(check: CapacityCheck) -> None:
    if check not in _capacity_checks:
        _capacity_checks.append(check)


def capacity_warning(start: datetime, end: datetime, key: str) -> str | None:
    """The first warning of the registered checks for one more lesson at [start, end)."""
    for check in _capacity_checks:
        warning = check(start, end, key)
        if warning:
            return str(warning)
    return None


def register_video_room(room: VideoRoom) -> None:
    _video_room[:] = [room]


def video_room() -> VideoRoom | None:
    return _video_room[0] if _video_room else None
