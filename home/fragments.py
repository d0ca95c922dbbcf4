"""Page furniture from the shared cache: the header's logo and menu, the footer's body and the
site's texts by language, rendered once and reused by every request and process.

What a fragment shows, and so its key:

- ``header`` (logo, menu, the search field up to its value): the host, the language and, for
  a page that may be a menu item (a child of a site's root), that page (the menu marks it
  ``aria-current``); every other page shares one entry per language.
- ``footer`` (texts, social links, menu, the account links): the host, the language and
  whether the visitor is signed in (the links differ, nothing else of the person is in it).
- ``texts`` (home.site_settings.Texts: footer text, description, contact address, which the
  `<head>` reads too): the host and the language.

What belongs to one request stays outside the fragments and is rendered every time: the
search field's value, the sign-in link (it returns to this address) or the cabinet link, the
language switch (this page's translations or this address in the other language), the year,
flash messages. Nothing of one person (name, unread counts, CSRF token) is ever cached.

Invalidation is by generation (home.page_cache.read/write): a publish, unpublish, move or
delete of a page, a change of its view restrictions, of the site settings, their texts or a
Site bumps `GENERATION_KEY` in the shared cache (receivers in home.apps), so every process sees
new furniture on its next render; entries of old generations are never read again and expire.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Page

from core import cache_reads

from . import page_cache

GENERATION_KEY = "furniture:generation"
# Entries are replaced on a bump, not by age; the timeout only frees the unused ones.
TIMEOUT = 24 * 60 * 60
FRAGMENTS = ("header", "footer", "texts")


@dataclass
class Furniture:
    """One request's fragments: those found under the current generation, and their keys."""

    generation: tuple | None  # the counter's value; None: neither read nor kept (a preview)
    keys: dict[str, str] = field(default_factory=dict)
    found: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.found.get(name)

    def put(self, name: str, value: Any) -> None:
        self.found[name] = value
        if self.generation is not None:
            page_cache.write(self.keys[name], self.generation, value, TIMEOUT)


def _menu_candidate(request: HttpRequest, page: Any) -> int:
    """The page's id when it may be in the menu (a child of a site's root page in some
    language), else 0: only such a page changes the menu (``aria-current``)."""
    if not isinstance(page, Page) or page.pk is None:
        return 0
    parent = page.url_path.rstrip("/").rpartition("/")[0] + "/"
    # Wagtail's root paths, read once per request (page URLs need them too).
    roots = {root.root_path for root in page._get_site_root_paths(request)}
    return page.pk if parent in roots else 0


def for_request(request: HttpRequest | None, page: Any = None) -> Furniture:
    """This request's furniture, read from the cache in one round trip on first use."""
    if request is None:
        return Furniture(generation=None)
    language = translation.get_language()
    cached = getattr(request, "_furniture", None)
    if cached is not None and cached[0] == language:
        return cached[1]
    if getattr(request, "is_preview", False):
        # A preview shows a draft: nothing it renders may be kept for the live site.
        furniture = Furniture(generation=None)
    else:
        host = request.get_host()
        signed_in = int(request.user.is_authenticated) if hasattr(request, "user") else 0
        keys = {
            "header": f"furniture:header:{host}:{language}:{_menu_candidate(request, page)}",
            "footer": f"furniture:footer:{host}:{language}:{signed_in}",
            "texts": f"furniture:texts:{host}:{language}",
        }
        # With the page's parts and what is kept about its reader, in the request's one
        # round trip (core.cache_reads).
        stamps, found = set(), {}
        for name, key in keys.items():
            stamp, value = cache_reads.read(request, key, (GENERATION_KEY,))
            stamps.add(stamp)
            if value is not cache_reads.MISSING:
                found[name] = value
        furniture = Furniture(generation=stamps.pop(), keys=keys, found=found)
    request._furniture = (language, furniture)
    return furniture


def purge(**kwargs) -> None:
    """Signal receiver: every cached fragment is stale from now on."""
    page_cache.bump(GENERATION_KEY)


def purge_on_settings_change(created: bool = False, **kwargs) -> None:
    # Settings are made with their defaults on first use, while a footer renders: nothing
    # shown changes then.
    if not created:
        purge()
