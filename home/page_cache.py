"""Whole-page cache for anonymous visitors; a publish empties only what shows the page.

Pages are the same for every anonymous visitor (no CSRF token, no per-person content), so the
rendered HTML is kept in the shared cache (Redis in production). Each entry remembers the
generation counters it was rendered under and is served only while they are unchanged:

- ``page-cache:generation``, the whole site's (settings, a moved page, a menu section);
- for a Wagtail page, the ``tree`` counter of the page and of each ancestor (an unpublished or
  deleted page takes its subtree with it) and the page's own ``node`` counter;
- for any other page (member profiles, the feed), ``page-cache:content``, which every change
  to a page bumps.

A publish bumps the node counters of the page, its translations (their language links), its
ancestors (the listings that show it: its section, the catalog, home) and of pages that
registered apps name (``register_related``: a course's tutor page), and the ``content`` counter;
then a task renders home and the catalogs again (``warm``). Pages are found by their
treebeard ``path``, whose prefixes are the ancestors', so no key is listed or scanned.

The counters are shared: ``read``/``write`` keep other values "as of a generation" (the
catalog's facet counts under ``content``, the header and footer under ``home.fragments``' own),
so whatever bumps the counter empties them too, in every process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse

from core import generations
from core.urls import UNPREFIXED_PATHS

from .app_settings import app_settings

if TYPE_CHECKING:  # apps import this module before the models are ready
    from wagtail.models import Page

GENERATION_KEY = "page-cache:generation"
# Bumped by any change to any page: non-page views and the catalog's facet counts follow it.
CONTENT_KEY = "page-cache:content"
STEP = 4  # treebeard's steplen for Wagtail pages: a path's prefixes are its ancestors'
# The unprefixed paths (API, sign-in, admin, webhooks, feeds...) are never pages to cache.
SKIP_PREFIXES = (*UNPREFIXED_PATHS, "/static/")
SKIP_SEGMENTS = ("/cabinet/", "/search/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")

# Sent when a page is answered from the cache, with the `notes` its view left in
# request.page_cache_notes (e.g. the course whose view is counted), so such work still
# happens on every visit.
served_from_cache = Signal()

_related: list[Callable[[Page], Iterable[Page]]] = []


def register_related(provider: Callable[[Page], Iterable[Page]]) -> None:
    """``provider(page)`` names other pages that show ``page`` (outside its ancestors)."""
    _related.append(provider)


def tree_key(path: str) -> str:
    return f"page-cache:tree:{path}"


def node_key(path: str) -> str:
    return f"page-cache:node:{path}"


def marks_for(path: str | None) -> list[str]:
    """The counters an entry for the page at treebeard ``path`` (None: not a page) depends on."""
    if path is None:
        return [GENERATION_KEY, CONTENT_KEY]
    prefixes = [path[:end] for end in range(STEP, len(path) + 1, STEP)]
    return [GENERATION_KEY, *map(tree_key, prefixes), node_key(path)]


def generation(key: str = GENERATION_KEY) -> int:
    return generations.generation(key)


def bump(key: str = GENERATION_KEY) -> None:
    generations.bump(key)


def read(keys: list[str], generation_key: str = CONTENT_KEY) -> tuple[int, dict]:
    """The current generation and the values of `keys` written under it, in one round trip."""
    return generations.read(keys, generation_key)


write = generations.write


def _bump(keys: Iterable[str]) -> None:
    for key in set(keys):
        bump(key)


def purge(**kwargs) -> None:
    """Every cached page is stale from now on (a move, settings, sites, view restrictions)."""
    _bump([GENERATION_KEY, CONTENT_KEY])


def purge_on_settings_change(created: bool = False, **kwargs) -> None:
    # Settings are made with their defaults on first use: nothing visible changes then.
    if not created:
        purge()


def _paths_showing(page: Page) -> set[str]:
    paths = {page.path, *page.get_translations().values_list("path", flat=True)}
    for provider in _related:
        paths.update(shown.path for shown in provider(page))
    return paths


def purge_page(page: Page, subtree: bool = False, deleted: bool = False) -> None:
    """Entries that show ``page``: its own, its translations', its ancestors' (listings),
    related pages', every non-page view's; with ``subtree`` its descendants' too."""
    keys = [CONTENT_KEY]
    for path in {page.path} if deleted else _paths_showing(page):
        keys += [node_key(path[:end]) for end in range(STEP, len(path) + 1, STEP)]
    if subtree:
        keys.append(tree_key(page.path))
    if page.show_in_menus or page.depth <= 3:
        keys.append(GENERATION_KEY)  # in every page's header (menu, language links)
    _bump(keys)


def note_page(page: Page, request: HttpRequest) -> None:
    """Wagtail's before_serve_page hook: the entry for this request depends on ``page``.
    The counters are read now, before rendering, so a publish during it is not missed."""
    if hasattr(request, "page_cache_notes"):
        request.page_cache_marks = _read(marks_for(page.path))


def _read(keys: list[str]) -> dict[str, int]:
    found = cache.get_many(keys)
    return {key: found.get(key, 0) for key in keys}


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
        key = f"page-cache:{request.get_host()}:{request.get_full_path()}"
        stored = cache.get(key)
        if isinstance(stored, dict) and _read(list(stored["marks"])) == stored["marks"]:
            served_from_cache.send(sender=type(self), request=request, notes=stored["notes"])
            response = HttpResponse(stored["content"], headers=stored["headers"])
            response["X-Page-Cache"] = "hit"
            return response
        request.page_cache_notes = {}
        other = _read(marks_for(None))  # before rendering, as note_page's
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            entry = {
                "content": response.content,
                "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
                "notes": request.page_cache_notes,
                "marks": getattr(request, "page_cache_marks", other),
            }
            cache.set(key, entry, timeout)
            response["X-Page-Cache"] = "miss"
        return response
