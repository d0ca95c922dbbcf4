"""Parts of pages kept in the shared cache under the content generation.

A part is what a page shows that is the same for everyone reading it in one language on one
site with one query string: the catalog's filters and results, say. It is read in the page's
``get_context`` (one round trip with the content counter), so a page whose part is cached skips
the queries that would build it; the template's ``{% cached_part part %}…{% endcached_part %}``
then prints it, or renders its body and stores it.

``page-cache:content`` is bumped by every change to any page, category or review that a
listing shows (home.page_cache), so a part is never served after such a change. Nothing of one
person may be inside a part: no CSRF token, no name, no "enrolled" mark.
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


def part_for(request: HttpRequest, name: str, *identity: object) -> Part:
    """This request's part ``name`` of the page, with ``identity`` (what else it depends on:
    the page, the validated filters…) in its key; read from the cache now. The address and
    its query string are always in the key."""
    key = _key(request, name, (request.path, sorted(request.GET.lists()), *identity))
    if getattr(request, "is_preview", False):
        return Part(key, None)
    current, found = page_cache.read([key])
    return Part(key, current, found.get(key))


def page_part(request: HttpRequest, name: str, *identity: object) -> Part:
    """Like ``part_for``, without the address in the key: a part of a page that is the same
    whatever its query string (``?page=2`` of the reviews below it, say)."""
    key = _key(request, name, identity)
    if getattr(request, "is_preview", False):
        return Part(key, None)
    current, found = page_cache.read([key])
    return Part(key, current, found.get(key))


def shared_value(
    request: HttpRequest | None, name: str, identity: tuple, compute: Callable[[], T]
) -> T:
    """``compute()`` as kept under the content generation for everyone reading ``identity``
    (e.g. a page's head: its canonical and hreflang addresses) in this language and site."""
    if request is None or getattr(request, "is_preview", False):
        return compute()
    key = _key(request, name, identity)
    current, found = page_cache.read([key])
    if key in found:
        return found[key]
    value: Any = compute()
    page_cache.write(key, current, value, TIMEOUT)
    return value
