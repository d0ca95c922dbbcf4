"""Where a learner left off in a video: saved by the player every few seconds and on pause,
read back when the page opens. Only people who may watch the video keep a position."""

from __future__ import annotations

import math

from django.db import transaction

from accounts.models import User
from courses.models import CourseMedia

from ..app_settings import app_settings
from ..errors import BadPosition
from ..models import PlaybackPosition
from ..permissions import require_can_watch

# Longer than any lesson: a number past it is not a position in a real video.
_MAX_SECONDS = 24 * 60 * 60


def _seconds(value, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadPosition(field=field) from None
    if not math.isfinite(number) or not 0 <= number <= _MAX_SECONDS:
        raise BadPosition(field=field)
    return number


def read_position(user: User, media: CourseMedia) -> PlaybackPosition | None:
    """The person's saved position in ``media`` (None before they first played it)."""
    require_can_watch(user, media)
    return PlaybackPosition.objects.filter(user=user, media=media).first()


@transaction.atomic
def save_position(user: User, media: CourseMedia, seconds, duration=0) -> PlaybackPosition:
    """Keeps ``seconds`` (and the browser's ``duration``) as where ``user`` is in ``media``."""
    require_can_watch(user, media)
    seconds = _seconds(seconds, "seconds")
    duration = _seconds(duration or 0, "duration")
    if duration and seconds > duration + 1:  # a second of rounding between timers
        raise BadPosition(field="seconds")
    position, _ = PlaybackPosition.objects.update_or_create(
        user=user, media=media, defaults={"seconds": seconds, "duration": duration}
    )
    return position


def resume_at(position: PlaybackPosition | None) -> float:
    """Where the player starts: the saved position, or 0 when there is none, it is in the first
    seconds, or the learner had (nearly) finished: within ``VIDEOS_RESUME_END_MARGIN`` seconds
    of the end, or the last tenth of a short video."""
    if position is None:
        return 0.0
    # Margins of a short clip are a tenth of it, not the whole of it.
    tenth = position.duration / 10 if position.duration else 3
    if position.seconds < min(3, tenth):
        return 0.0
    margin = min(app_settings.VIDEOS_RESUME_END_MARGIN, tenth)
    if position.duration and position.seconds >= position.duration - margin:
        return 0.0
    return position.seconds
