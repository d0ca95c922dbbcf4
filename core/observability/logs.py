"""Log lines as JSON in production, each with its request id, without secrets or addresses.

``portal/settings/observability.py`` chooses: JSON (python-json-logger) with ``LOG_FORMAT=json``
(production's default), plain text otherwise; both through the request id filter.
"""

from __future__ import annotations

import logging
import re

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# Redacted wherever they appear in a message or an exception: e-mail addresses (personal
# data), bearer tokens, Stripe/PayPal-style secret keys, passwords in URLs.
_REDACTIONS = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?i)\bbearer\s+[\w.~+/=-]+"), "Bearer [token]"),
    (re.compile(r"\b(?:sk|rk|whsec|pk)_(?:live|test)_\w+"), "[secret]"),
    (re.compile(r"(://[^:/@\s]+:)[^@\s]+@"), r"\1[password]@"),
)


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message, request id, exception.

    Django attaches the request object to ``django.request`` records; it is left out (its
    query string may hold a feed token), as is anything not JSON-able but plain values.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "taskName", "request"])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def process_log_record(self, log_data):
        for key in ("message", "exc_info", "stack_info"):
            if isinstance(log_data.get(key), str):
                log_data[key] = redact(log_data[key])
        return log_data


class RedactingFormatter(logging.Formatter):
    """The plain-text format of development, redacted the same way."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
