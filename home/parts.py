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

A page reads several parts. Each process remembers which part keys (and counters) the last
request for the same address (language, query string, signed in or not) read, and the first
read of a request asks for all of them with their counters in one round trip; a key not
guessed is read on its own and guessed next time. The guess only saves round trips: every
value is still checked against the counters read in this request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation

from core import sites

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
    site = sites.site_for_request(request) if request is not None else None
    described = repr(
        (
            name,
            request.get_host(),
            site.pk if site is not None else None,
            translation.get_language(),
            identity,
        )
    )
    return f"part:{name}:" + hashlib.sha256(described.encode()).hexdigest()


def counters(path: str | None = None) -> tuple[str, ...]:
    """The counters a part depends on: the page's at treebeard ``path`` (its anonymous
    cached copy's), or the content counter for a part made of many pages."""
    return tuple(page_cache.marks_for(path)) if path else EVERYTHING


# The keys each address's parts were read under, as this process last saw them: a hint of
# what to read in one round trip (every value is checked against its counters all the same).
_guesses: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
GUESSES = 10_000
_MISSING = object()


@dataclass
class _Read:
    """A request's round trips: the counters' values and the entries found, as first read."""

    counters: dict[str, Any]
    asked: set[str]
    found: dict[str, Any]
    used: list[tuple[str, tuple[str, ...]]]  # this request's reads: the next one's guess


def _signature(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return repr(
        (
            request.get_host(),
            request.path,
            sorted(request.GET.lists()),
            translation.get_language(),
            bool(user is not None and user.is_authenticated),
        )
    )


def _fetch(keys: list[str], wanted: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the counters' values, the entries of ``keys``) in one round trip. A counter the cache
    lacks reads 0, as the page cache reads it: a bump then sets it to a clock reading
    (``generations.bump``), so no entry kept under 0 is read after a change."""
    found = cache.get_many([*wanted, *keys])
    return {name: found.pop(name, None) or 0 for name in wanted}, found


def _read(request: HttpRequest, key: str, marks: tuple[str, ...]) -> tuple[tuple, Any]:
    """(the values of the counters ``marks`` now, the value kept for ``key`` under them or
    ``_MISSING``). The first read of a request also reads what its address read last time."""
    done: _Read | None = getattr(request, "_parts_read", None)
    if done is None:
        signature = _signature(request)
        guessed = _guesses.get(signature, ())
        keys = list(dict.fromkeys([key, *(k for k, _marks in guessed)]))
        wanted = list(dict.fromkeys([*marks, *(m for _key, ms in guessed for m in ms)]))
        values, found = _fetch(keys, wanted)
        if len(_guesses) >= GUESSES:
            _guesses.clear()
        done = _Read(values, set(keys), found, [])
        _guesses[signature] = done.used
        request._parts_read = done
    else:
        missing = [m for m in marks if m not in done.counters]
        if key not in done.asked or missing:
            values, found = _fetch([] if key in done.asked else [key], missing)
            done.counters.update(values)
            done.found.update(found)
            done.asked.add(key)
    if (key, marks) not in done.used:
        done.used.append((key, marks))
    stamp = tuple(done.counters[m] for m in marks)
    entry = done.found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp:
        return stamp, entry[1]
    return stamp, _MISSING


def _part(request: HttpRequest, key: str, path: str | None) -> Part:
    if getattr(request, "is_preview", False):
        return Part(key, None)
    stamp, value = _read(request, key, counters(path))
    return Part(key, stamp, None if value is _MISSING else value)


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
) -> T:
    """``compute()`` as kept for everyone reading ``identity`` (e.g. a page's head: its
    canonical and hreflang addresses) in this language and site, under the counters of the
    page at ``path`` (else the content counter)."""
    if request is None or getattr(request, "is_preview", False):
        return compute()
    key = _key(request, name, identity)
    stamp, value = _read(request, key, counters(path))
    if value is not _MISSING:
        return value
    value = compute()
    page_cache.write(key, stamp, value, TIMEOUT)
    return value
