"""Whole-page cache for anonymous visitors, emptied whenever any page is published or changed.

Pages are the same for every anonymous visitor (no CSRF token, no per-person content), so the
rendered HTML is kept in the shared cache (Redis in production). Purging is by generation: a
publish, unpublish, move or delete anywhere bumps a counter that is part of every key, which
empties the catalog and index pages that list the changed page as well.

The generation counters here are shared: `read`/`write` keep other values "as of a
generation" (the catalog's facet counts under this one, the header and footer under
`home.fragments`' own), so whatever bumps the counter empties them too, in every process.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse

from core.urls import UNPREFIXED_PATHS

from .app_settings import app_settings

GENERATION_KEY = "page-cache:generation"
# The unprefixed paths (API, sign-in, admin, webhooks, feeds...) are never pages to cache.
SKIP_PREFIXES = (*UNPREFIXED_PATHS, "/static/")
SKIP_SEGMENTS = ("/cabinet/", "/search/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")

# Sent when a page is answered from the cache, with the `notes` its view left in
# request.page_cache_notes (e.g. the course whose view is counted), so such work still
# happens on every visit.
served_from_cache = Signal()


def _first_generation() -> int:
    # A clock reading, not 1: a counter evicted and made again must not meet values stored
    # under its old numbers.
    return time.time_ns() // 1000


def generation(key: str = GENERATION_KEY) -> int:
    return cache.get_or_set(key, _first_generation, timeout=None)


def bump(key: str = GENERATION_KEY) -> None:
    """Everything stored under the counter `key` is stale from now on.

    Inside a transaction it is bumped again after the commit: a request that read the old rows
    between the first bump and the commit stored them under the new number.
    """

    def increment() -> None:
        try:
            cache.incr(key)
        except ValueError:  # no counter yet: nothing cached under it either
            cache.set(key, _first_generation(), timeout=None)

    increment()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(increment)


def read(keys: list[str], generation_key: str = GENERATION_KEY) -> tuple[int, dict]:
    """The current generation and the values of `keys` written under it, in one round trip."""
    found = cache.get_many([generation_key, *keys])
    current = found.pop(generation_key, None)
    if current is None:
        current = generation(generation_key)
    return current, {
        key: value[1]
        for key, value in found.items()
        if isinstance(value, tuple) and len(value) == 2 and value[0] == current
    }


def write(key: str, current: int, value, timeout: int) -> None:
    """Store `value` as of generation `current` (the number `read` gave)."""
    cache.set(key, (current, value), timeout)


def purge(**kwargs) -> None:
    """Signal receiver: every cached page is stale from now on."""
    bump(GENERATION_KEY)


def purge_on_settings_change(created: bool = False, **kwargs) -> None:
    # Settings are made with their defaults on first use: nothing visible changes then.
    if not created:
        purge()


def _cacheable_request(request: HttpRequest) -> bool:
    path = request.path_info
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES  # a flash message is for one visitor
        and not path.startswith(SKIP_PREFIXES)
        and not any(segment in path for segment in SKIP_SEGMENTS)
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that rendered a CSRF token (a form) belongs to one visitor.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and response.get("Content-Type", "").startswith("text/html")
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = app_settings.PAGE_CACHE_SECONDS
        if not timeout or not _cacheable_request(request):
            return self.get_response(request)
        key = f"page-cache:{generation()}:{request.get_host()}:{request.get_full_path()}"
        stored = cache.get(key)
        if isinstance(stored, tuple) and len(stored) == 3:  # entries of older releases miss
            content, headers, notes = stored
            served_from_cache.send(sender=type(self), request=request, notes=notes)
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        request.page_cache_notes = {}
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers, request.page_cache_notes), timeout)
            response["X-Page-Cache"] = "miss"
        return response
