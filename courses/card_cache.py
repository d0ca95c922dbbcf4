"""The API's course list (``GET /api/courses/``) kept serialised in the shared cache.

The list is the same for everyone who asks the same address (it shows listed courses only),
so a page of it is stored as answered, per absolute address (host, query string) and
language, and served while three counters (core.generations) are where they were when it
was computed:

- ``page-cache:content`` (home.page_cache): any publish, unpublish, move or deletion of a
  page, a category, a view restriction, a site, a review's figures;
- ``sites:generation`` (core.sites): sites, locales, home pages, view restrictions;
- ``courses:cards`` (here): what changes a card without a page signal: the counters written
  with ``update()`` (students, lessons, ratings), a course's status, any save of a course
  page, a teacher's name.

Only JSON is kept: searches are not (a few people ask each one, and the index follows its
own writes), nor the browsable API's pages. The cache is on while the anonymous page cache
is (``PAGE_CACHE_SECONDS``, its lifetime too).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.utils import translation

from core import generations, sites
from home import page_cache
from home.app_settings import app_settings as home_settings

if TYPE_CHECKING:
    from rest_framework.request import Request

CARDS_KEY = "courses:cards"
MARKS = (page_cache.CONTENT_KEY, sites.GENERATION_KEY, CARDS_KEY)
# What a card shows of its teacher (accounts.User.get_full_name, public_id).
TEACHER_FIELDS = frozenset({"first_name", "last_name", "public_id"})


def changed(**kwargs: Any) -> None:
    """Every kept page of the list is stale from now on (also a signal receiver)."""
    generations.bump(CARDS_KEY)


def user_saved(update_fields=None, created: bool = False, **kwargs: Any) -> None:
    """A person's name shows on the cards of the courses they teach (a new person teaches none;
    a sign-in saves ``last_login`` alone)."""
    if not created and (update_fields is None or TEACHER_FIELDS & set(update_fields)):
        changed()


class Entry:
    """One request's place in the cache: ``value`` is the stored answer, or None."""

    def __init__(self, request: Request) -> None:
        identity = repr(
            (request.build_absolute_uri(), request.get_port(), translation.get_language())
        )
        self.key = "courses:api-list:" + hashlib.sha256(identity.encode()).hexdigest()
        self.current, found = generations.read_under([self.key], MARKS)
        self.value = found.get(self.key)

    def store(self, value: Any) -> None:
        generations.write(self.key, self.current, value, home_settings.PAGE_CACHE_SECONDS)


def entry(request: Request) -> Entry | None:
    """The cache's entry for this request to the list, or None when it is not kept: a search,
    or a page for a browser (DRF's browsable API draws its paging from the paginator)."""
    if (
        not home_settings.PAGE_CACHE_SECONDS
        or request.accepted_renderer.format != "json"
        or request.query_params.get("search", "").strip()
    ):
        return None
    return Entry(request)
