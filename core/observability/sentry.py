"""Sentry, optional: on only when ``SENTRY_DSN`` is set, with no personal data sent.

``send_default_pii=False`` keeps cookies, users' addresses and IPs out; ``scrub`` removes
what the SDK would still send that may name a person or carry a secret: request bodies,
query strings, headers other than a few harmless ones, and e-mail addresses or tokens in
messages. Every event is tagged with the request id, to find its log lines.
"""

from __future__ import annotations

from typing import Any

from . import request_id
from .logs import redact

KEPT_HEADERS = {"content-type", "content-length", "user-agent", "x-request-id", "accept"}


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(v) for v in value]
    return value


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("query_string", None)
        request.pop("env", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    event.pop("user", None)
    if isinstance(event.get("message"), str):
        event["message"] = redact(event["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = redact(logentry[key])
        logentry.pop("params", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception.get("value"), str):
            exception["value"] = redact(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)  # local variables: passwords, tokens, people
    for key in ("extra", "breadcrumbs"):  # log messages, the command line: redacted
        if key in event:
            event[key] = _redacted(event[key])
    rid = request_id.get()
    if rid:
        event.setdefault("tags", {})["request_id"] = rid
    return event


def init(
    dsn: str, *, environment: str = "production", traces_sample_rate: float = 0.0, **extra
) -> bool:
    """Start the SDK when a DSN is given; False (nothing done) without one."""
    if not dsn:
        return False
    import sentry_sdk  # noqa: I001 (only when configured)
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        before_send_transaction=scrub,
        traces_sample_rate=traces_sample_rate,
        **extra,
    )
    return True
