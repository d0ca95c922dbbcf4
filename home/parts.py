"""Parts of pages kept in the shared cache under the content generation.

A part is what a page shows that is the same for everyone reading it in one language on one
site with one query string: the catalog's filters and results, say. It is read in the page's
``get_context`` (one round trip with the content counter), so a page whose part is cached skips
the queries that would build it; the template's ``{% cached_part part %}…{% endcached_part %}``
then prints it, or renders its body and stores it.

``page-cache:content`` is bumped by every change to any page, category or review that a
listing shows (home.page_cache), so a part is never served after such a change. Nothing of one
person may be inside a part: no CSRF token, no name, no "enrolled" mark.

A page reads several parts. Each process remembers which part keys the last request for the
same address (language, query string, signed in or not) read, and the first read of a request
asks for all of them with the counter in one round trip; a key not guessed is read on its own
and guessed next time. The guess only saves round trips: every value is still checked against
the counter read in this request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils import translation

from core import sites

from . import page_cache

T = TypeVar("T")

TIMEOUT = 60 * 60  # parts of old generations are never read again; this frees them


@dataclass
class Part:
    key: str
    generation: int | None  # None: neither read nor kept (a preview, a draft)
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


# The keys each address's parts were read under, as this process last saw them: a hint of
# what to read in one round trip (core.generations' values are checked all the same).
_guesses: dict[str, list[str]] = {}
GUESSES = 10_000
_MISSING = object()


@dataclass
class _Read:
    """A request's round trip: the counter, the keys asked and the values found under it."""

    current: int
    asked: set[str]
    found: dict[str, Any]
    used: list[str]  # the keys this request read, in order: the guess for the next one


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


def _read(request: HttpRequest, key: str) -> tuple[int, Any]:
    """(the content generation, the value kept for ``key`` under it or ``_MISSING``); the
    first read of a request also reads the keys guessed for its address."""
    done: _Read | None = getattr(request, "_parts_read", None)
    if done is None:
        signature = _signature(request)
        keys = list(dict.fromkeys([key, *_guesses.get(signature, ())]))
        current, found = page_cache.read(keys)
        if len(_guesses) >= GUESSES:
            _guesses.clear()
        done = _Read(current, set(keys), found, [])
        _guesses[signature] = done.used
        request._parts_read = done
    elif key not in done.asked:
        current, found = page_cache.read([key])
        if current != done.current:  # bumped during the request: this answer is as of now
            return current, found.get(key, _MISSING)
        done.found.update(found)
        done.asked.add(key)
    if key not in done.used:
        done.used.append(key)
    return done.current, done.found.get(key, _MISSING)


def _part(request: HttpRequest, key: str) -> Part:
    if getattr(request, "is_preview", False):
        return Part(key, None)
    current, value = _read(request, key)
    return Part(key, current, None if value is _MISSING else value)


def part_for(request: HttpRequest, name: str, *identity: object) -> Part:
    """This request's part ``name`` of the page, with ``identity`` (what else it depends on:
    the page, the validated filters…) in its key; read from the cache now. The address and
    its query string are always in the key."""
    return _part(
        request, _key(request, name, (request.path, sorted(request.GET.lists()), *identity))
    )


def page_part(request: HttpRequest, name: str, *identity: object) -> Part:
    """Like ``part_for``, without the address in the key: a part of a page that is the same
    whatever its query string (``?page=2`` of the reviews below it, say)."""
    return _part(request, _key(request, name, identity))


def shared_value(
    request: HttpRequest | None, name: str, identity: tuple, compute: Callable[[], T]
) -> T:
    """``compute()`` as kept under the content generation for everyone reading ``identity``
    (e.g. a page's head: its canonical and hreflang addresses) in this language and site."""
    if request is None or getattr(request, "is_preview", False):
        return compute()
    key = _key(request, name, identity)
    current, value = _read(request, key)
    if value is not _MISSING:
        return value
    value = compute()
    page_cache.write(key, current, value, TIMEOUT)
    return value
