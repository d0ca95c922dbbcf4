"""Parts of pages kept in the shared cache under the page cache's counters.

A part is what a page shows that is the same for everyone reading it in one language on one
site with one query string: the catalog's filters and results, say. It is read in the page's
``get_context`` (one round trip with its counters), so a page whose part is cached skips the
queries that would build it; the template's ``{% cached_part part %}…{% endcached_part %}``
then prints it, or renders its body and stores it.

A part of one page (a course's intro, a lesson's text, a page's head) is kept under that page's
counters, those its anonymous cached copy follows (``page_cache.marks_for``): a publish of the
page, of a page below it, of a translation or of a page naming it (a tutor's page for their
courses) bumps them, and a publish elsewhere leaves the part warm. A part made of many pages
(the catalog, search) is kept under ``page-cache:content``, which every change to any page,
category or review bumps. Nothing of one person may be inside a part: no CSRF token, no name,
no "enrolled" mark.

A page reads several parts, and what is kept about its reader (``core.personal``): all of them
with their counters in one round trip once the address is known (``core.cache_reads``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.http import HttpRequest
from django.utils import translation

from core import cache_reads

from . import page_cache

T = TypeVar("T")

TIMEOUT = 60 * 60  # parts of old generations are never read again; this frees them
EVERYTHING = (page_cache.CONTENT_KEY,)  # the counter of parts made of many pages


@dataclass
class Part:
    key: str
    generation: tuple | None  # the counters' values; None: neither read nor kept (a preview)
    html: str | None = None

    @property
    def found(self) -> bool:
        return self.html is not None

    def keep(self, html: str) -> None:
        self.html = html
        if self.generation is not None:
            page_cache.write(self.key, self.generation, html, TIMEOUT)


def _key(request: HttpRequest, name: str, identity: tuple) -> str:
    # The host (with its port) decides the site: no site lookup, which a view that routes no
    # page would make only for this.
    described = repr((name, request.get_host(), translation.get_language(), identity))
    return f"part:{name}:" + hashlib.sha256(described.encode()).hexdigest()


def counters(path: str | None = None) -> tuple[str, ...]:
    """The counters a part depends on: the page's at treebeard ``path`` (its anonymous
    cached copy's), or the content counter for a part made of many pages."""
    return tuple(page_cache.marks_for(path)) if path else EVERYTHING


def _part(request: HttpRequest, key: str, path: str | None) -> Part:
    if getattr(request, "is_preview", False):
        return Part(key, None)
    stamp, value = cache_reads.read(request, key, counters(path))
    return Part(key, stamp, None if value is cache_reads.MISSING else value)


def part_for(request: HttpRequest, name: str, *identity: object, path: str | None = None) -> Part:
    """This request's part ``name`` of the page, with ``identity`` (what else it depends on:
    the page, the validated filters…) in its key; read from the cache now. The address and
    its query string are always in the key. ``path``: the page whose counters it follows
    (``counters``), else the content counter."""
    where = (request.path, sorted(request.GET.lists()), *identity)
    return _part(request, _key(request, name, where), path)


def page_part(request: HttpRequest, name: str, *identity: object, path: str | None = None) -> Part:
    """Like ``part_for``, without the address in the key: a part of a page that is the same
    whatever its query string (``?page=2`` of the reviews below it, say)."""
    return _part(request, _key(request, name, identity), path)


def shared_value(
    request: HttpRequest | None,
    name: str,
    identity: tuple,
    compute: Callable[[], T],
    *,
    path: str | None = None,
    also: tuple[str, ...] = (),
    only: tuple[str, ...] = (),
) -> T:
    """``compute()`` as kept for everyone reading ``identity`` (e.g. a page's head: its
    canonical and hreflang addresses) in this language and site, under the counters of the
    page at ``path`` (else the content counter) and the counters ``also`` (of what else it
    shows: a lesson's homework, say), or under the counters ``only`` and no page's."""
    if request is None or getattr(request, "is_preview", False):
        return compute()
    key = _key(request, name, identity)
    marks = only or (*counters(path), *also)
    stamp, value = cache_reads.read(request, key, marks)
    if value is not cache_reads.MISSING:
        return value
    value = compute()
    page_cache.write(key, stamp, value, TIMEOUT)
    return value
