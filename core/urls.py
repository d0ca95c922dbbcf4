"""URL helpers shared by the apps."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Paths served without a language prefix (and never cached as pages): the API, sign-in,
# the admin, documents and media files, webhooks and feeds. One list for the locale
# middleware and the cache.
UNPREFIXED_PATHS = (
    "/api/",
    "/accounts/",
    "/admin/",
    "/documents/",
    "/media-library/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/i18n/",
    "/learn/",
    "/payments/",
    "/calendar/",
)


def safe_next(request: HttpRequest, target: str | None, fallback: str) -> str:
    """``target`` when it is a URL on this site (same host, https when the request is), else
    ``fallback``: the one check for ``?next=`` and other redirects the visitor can choose."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
