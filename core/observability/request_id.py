"""One id per request, in every log line it causes: its own, its webhooks' and its tasks'.

The proxy's ``X-Request-ID`` is kept when it looks like an id (letters, digits, ``-_.:``, at
most 128 characters: it lands in logs as is), else one is made. The response carries it back;
Celery tasks enqueued during the request carry it in a message header (``celery_signals``).
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
_VALID = re.compile(r"[A-Za-z0-9\-_.:]{1,128}")

current: ContextVar[str | None] = ContextVar("request_id", default=None)


def from_header(value: str | None) -> str:
    """The proxy's id when it is a plain one; a new one otherwise."""
    if value and _VALID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def get() -> str | None:
    return current.get()


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record (None outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
