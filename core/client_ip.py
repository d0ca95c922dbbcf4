"""The client's address, the one answer every throttle, lockout and rate limit uses.

``X-Forwarded-For`` is written by whoever sends the request, so only the entries added by
our own proxies can be believed. With ``TRUSTED_PROXY_COUNT`` proxies in front of the site
(each appends the address it received the request from), the client is the
``TRUSTED_PROXY_COUNT``-th entry from the right; anything left of it may be forged. With the
default 0 the header is ignored and the address is the connection's (``REMOTE_ADDR``).

Used by django-axes (``AXES_CLIENT_IP_CALLABLE``), DRF's throttles (``core.throttling``),
allauth's rate limits (``accounts.adapter``) and the feedback form's limit (``home``).
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest

from .app_settings import app_settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, trusting only our own proxies' entries."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = app_settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted > 0 and forwarded:
        entries = [entry for entry in forwarded.split(",") if entry.strip()]
        if entries:
            # Fewer entries than proxies: the request skipped some of them; the left-most
            # entry is still one a proxy of ours wrote.
            candidate = _valid(entries[-min(trusted, len(entries))])
            if candidate:
                return candidate
    return _valid(remote) or remote
