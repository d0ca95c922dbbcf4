"""Zoom's health as every process sees it, kept in Django's cache: a circuit breaker, and the
places for web requests that wait on Zoom.

While Zoom does not answer, each request that calls it holds a sync web worker until its call
times out; enough of them and the whole site stops answering. Two things prevent that:

- **The breaker** (one per Zoom API address). After ``ZOOMPOOL_BREAKER_FAILURES`` calls in a
  row got no answer (time-outs, refused connections, 5xx), every call fails at once for
  ``ZOOMPOOL_BREAKER_SECONDS``. Then one call at a time goes through as a probe: an answer
  closes the breaker, another failure opens it again.
- **Call places** (``call_place``): at most ``ZOOMPOOL_ZOOM_CALLS_AT_ONCE`` web requests wait
  for Zoom at a time; the others are refused at once instead of queueing behind a hang.

The state lives in the cache (Redis in production), so every gunicorn worker and Celery
worker shares it. Each key expires on its own, so a process killed mid-call leaves nothing
stuck. With the local-memory cache each process keeps its own.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache

from .app_settings import app_settings

logger = logging.getLogger(__name__)

FAILURE_WINDOW = 60  # seconds: failures further apart than this are not "in a row"
TRIPPED_MEMORY = 3600  # seconds a tripped breaker remembers it, to probe before closing


class NoPlace(Exception):
    """Every place for a request waiting on Zoom is taken; ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"all {app_settings.ZOOMPOOL_ZOOM_CALLS_AT_ONCE} places are taken")
        self.retry_after = retry_after


def _incr(key: str, ttl: int) -> int:
    cache.add(key, 0, ttl)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, ttl)
        return 1


@dataclass(frozen=True)
class Breaker:
    """The breaker of one Zoom API address (``endpoint``)."""

    endpoint: str

    @property
    def _prefix(self) -> str:
        return "zoompool:breaker:" + hashlib.sha256(self.endpoint.encode()).hexdigest()[:16]

    @property
    def _keys(self) -> tuple[str, str, str, str]:
        p = self._prefix
        return f"{p}:failures", f"{p}:open-until", f"{p}:tripped", f"{p}:probe"

    @staticmethod
    def probe_seconds() -> int:
        # A probe may be a background call (the longer timeout) or a start.
        background = app_settings.ZOOM_TIMEOUT_SECONDS
        return math.ceil(max(background, app_settings.ZOOMPOOL_START_TIMEOUT_SECONDS)) + 1

    def open_for(self) -> int | None:
        """Seconds the breaker stays open, or None (closed, or ready for a probe). No change."""
        _failures, open_key, _tripped, _probe = self._keys
        until = cache.get(open_key)
        now = time.time()
        return max(1, math.ceil(until - now)) if until is not None and until > now else None

    def wait_before_call(self) -> int | None:
        """None when a call may go ahead now; else seconds until one may.

        Half-open (the open time is over, no answer seen since): one caller at a time gets
        the probe; the others wait for its outcome.
        """
        if (seconds := self.open_for()) is not None:
            return seconds
        _failures, _open, tripped_key, probe_key = self._keys
        if cache.get(tripped_key) is None:
            return None
        if cache.add(probe_key, 1, self.probe_seconds()):
            return None
        return self.probe_seconds()

    def failed(self) -> None:
        """A call got no answer."""
        failures_key, open_key, tripped_key, probe_key = self._keys
        failures = _incr(failures_key, FAILURE_WINDOW)
        if failures >= app_settings.ZOOMPOOL_BREAKER_FAILURES or cache.get(tripped_key):
            seconds = app_settings.ZOOMPOOL_BREAKER_SECONDS
            cache.set(open_key, time.time() + seconds, seconds + 1)
            cache.set(tripped_key, 1, TRIPPED_MEMORY)
            cache.delete(probe_key)
            logger.warning(
                "Zoom at %s is not answering (%s failures): calls paused for %s s",
                self.endpoint,
                failures,
                seconds,
            )

    def answered(self) -> None:
        """Zoom answered (whatever it said): the breaker closes."""
        failures_key, open_key, tripped_key, probe_key = self._keys
        if cache.get_many([failures_key, tripped_key]):
            cache.delete_many([failures_key, open_key, tripped_key, probe_key])


def place_seconds() -> int:
    """The longest a request may hold a place: a second click's wait, then two calls (token
    and meeting) of the start timeout each. The place expires after it in any case."""
    start = app_settings.ZOOMPOOL_START_TIMEOUT_SECONDS
    return math.ceil(app_settings.ZOOMPOOL_START_WAIT_SECONDS + 2 * start) + 2


@contextmanager
def call_place() -> Iterator[None]:
    """Hold one of the ``ZOOMPOOL_ZOOM_CALLS_AT_ONCE`` places while a web request waits on
    Zoom; NoPlace (at once) when they are all taken."""
    token = secrets.token_hex(8)
    seconds = place_seconds()
    for index in range(max(1, app_settings.ZOOMPOOL_ZOOM_CALLS_AT_ONCE)):
        key = f"zoompool:call-place:{index}"
        if cache.add(key, token, seconds):
            try:
                yield
            finally:
                if cache.get(key) == token:
                    cache.delete(key)
            return
    raise NoPlace(retry_after=math.ceil(app_settings.ZOOMPOOL_START_TIMEOUT_SECONDS))
