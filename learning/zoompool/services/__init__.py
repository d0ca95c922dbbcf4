"""The video pool's operations: lending accounts to lessons (``pool``), the release
``sweep``, the ``reconcile``-iation of meetings Zoom has but the pool does not hold,
``recordings`` and ``capacity`` planning. Zoom's webhooks are handled in
``learning.zoompool.webhooks`` (they queue tasks, and tasks call these)."""

from ..errors import (
    DownloadFailed,
    LessonNotStartable,
    LessonStarting,
    PoolExhausted,
    PoolNotConfigured,
    ZoomFailed,
    ZoomPoolError,
    ZoomUnavailable,
)
from ..permissions import can_start, can_view_recordings
from ..zoom_client import ZoomError
from .capacity import WeekUsage, capacity_warning, check_capacity, peak_usage
from .pool import (
    active_accounts,
    check_can_start,
    meeting_settings,
    pool_size,
    release,
    start_early,
    start_lesson,
    start_opens_at,
    start_url_max_age,
    when_label,
)
from .reconcile import ReconcileResult, reconcile
from .recordings import (
    download_recording,
    mark_download_failed,
    ready_recordings,
    recording_file_types,
)
from .sweep import RESERVATION_TIMEOUT, SWEEP_GRACE, SweepResult, sweep

__all__ = [
    "RESERVATION_TIMEOUT",
    "SWEEP_GRACE",
    "DownloadFailed",
    "LessonNotStartable",
    "LessonStarting",
    "PoolExhausted",
    "PoolNotConfigured",
    "ReconcileResult",
    "SweepResult",
    "WeekUsage",
    "ZoomError",
    "ZoomFailed",
    "ZoomPoolError",
    "ZoomUnavailable",
    "active_accounts",
    "can_start",
    "can_view_recordings",
    "capacity_warning",
    "check_can_start",
    "check_capacity",
    "download_recording",
    "mark_download_failed",
    "meeting_settings",
    "peak_usage",
    "pool_size",
    "ready_recordings",
    "reconcile",
    "recording_file_types",
    "release",
    "start_early",
    "start_lesson",
    "start_opens_at",
    "start_url_max_age",
    "sweep",
    "when_label",
]
