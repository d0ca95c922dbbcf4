"""Ranked search over page querysets: the backend ranks and counts, the ORM loads what cards need.

A search costs what the shown page costs, not what the hits cost: `search()` returns the
backend's lazy results, whose `count()` is one COUNT (or Elasticsearch/OpenSearch's hit total)
and whose slice loads only its rows. Filters the backend cannot apply (related fields, Q
objects, annotations) narrow the pages through `within()`, a subquery on `path`.
"""

import unicodedata
from collections.abc import Sequence
from typing import Any, Protocol

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from wagtail.search.backends.base import EmptySearchResults

MAX_QUERY = 200


class Hits(Protocol):
    """Ranked results: counted without loading them, sliced to load one page (Paginator-ready)."""

    def count(self) -> int: ...

    def __getitem__(self, key: slice) -> Sequence: ...


def clean_query(query: str) -> str:
    """The words of a visitor's query, safe for every search backend.

    The database backends quote each term for the engine but not the quote itself: a ``"``
    left SQLite's FTS5 with an unterminated string (500), and PostgreSQL's driver refuses
    NUL bytes. Quotes and control characters carry no words, so they become spaces.
    """
    kept = (
        " " if char == '"' or unicodedata.category(char) in ("Cc", "Cs") else char
        for char in query[: MAX_QUERY * 2]
    )
    return " ".join("".join(kept).split())[:MAX_QUERY]


def search(pages: QuerySet, query: str, **options: Any) -> Hits:
    """The backend's results for `query` over `pages`, best first, nothing evaluated yet.

    `pages` may carry what the cards need (select_related, prefetches, deferred bodies): a
    database backend runs the search on that queryset, Elasticsearch/OpenSearch loads its hits
    through it.
    """
    query = clean_query(query)
    if not query:
        return EmptySearchResults()
    return pages.search(query, **options)


def counts_by_kind(
    pages: QuerySet, query: str, kinds: dict[str, type[Model]]
) -> dict[str, int] | None:
    """How many of `pages` match, for each kind (a page type and its subtypes), in one query.

    A facet on content type: PostgreSQL and SQLite group the matches, Elasticsearch/OpenSearch
    aggregate them (at most 10 buckets by default: `pages` is limited to the kinds' types).
    None where the backend has no facets.
    """
    types = {
        name: [
            content_type.pk
            for content_type in ContentType.objects.get_for_models(
                *(other for other in apps.get_models() if issubclass(other, model))
            ).values()
        ]
        for name, model in kinds.items()
    }
    wanted = [pk for pks in types.values() for pk in pks]
    results = search(pages.filter(content_type_id__in=wanted), query)
    if not getattr(results, "supports_facet", False):
        return None
    per_type = results.facet("content_type_id")
    return {name: sum(per_type.get(pk, 0) for pk in pks) for name, pks in types.items()}


def within(pages: QuerySet, narrowed: QuerySet) -> QuerySet:
    """`pages` limited to those in `narrowed`, in a form every search backend filters on.

    By `path` (a FilterField of Page, unique), not by id: on a page type Django turns `id` and
    `pk` into the `page_ptr` link, whose filters the backends skip, and Elasticsearch/OpenSearch
    would search everything. A database backend keeps the subquery in SQL (a semi-join);
    Elasticsearch/OpenSearch reads the paths once, into a terms filter.
    """
    return pages.filter(path__in=narrowed.order_by().values("path"))


def without(pages: QuerySet, hits: Hits) -> QuerySet:
    """`pages` less the hits of another search over them.

    The database backends (PostgreSQL, SQLite) answer from a queryset: it stays a subquery, no
    row is read here. Elasticsearch/OpenSearch hits are read, so keep such sets small.
    """
    get_queryset = getattr(hits, "get_queryset", None)
    if get_queryset is not None:
        return pages.exclude(path__in=get_queryset().order_by().values("path"))
    return pages.exclude(path__in=[page.path for page in hits])


class Chain:
    """Two rankings shown one after the other (the first's hits must not be in the second).

    Counted by the backend, and a slice asks each ranking only for its part of the page.
    """

    def __init__(self, first: Hits, second: Hits) -> None:
        self.first = first
        self.second = second
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.first.count() + self.second.count()
        return self._count

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, key.stop
        items = list(self.first[start:stop])
        if stop is not None and len(items) == stop - start:
            return items
        # The first ranking ends on this page (or before it): the second fills the rest.
        split = start + len(items) if items else self.first.count()
        rest = self.second[max(start - split, 0) : None if stop is None else stop - split]
        return items + list(rest)


def ranked_ids(pages: QuerySet, query: str, **options: Any) -> list[int]:
    """Ids of every matching page, best first (for callers that need them all).

    Filters the search backend cannot apply (related fields, Q objects) go on `pages` first
    through `within()`.
    """
    # Only ids are read: leave the bodies (StreamField JSON) in the database.
    return [page.pk for page in search(pages.defer_streamfields(), query, **options)]


def search_within(pages: QuerySet, query: str, **options: Any) -> list[int]:
    return ranked_ids(within(pages.model.objects.all(), pages), query, **options)


def in_order(pages: QuerySet, ids: list[int]) -> list:
    by_id = {page.pk: page for page in pages.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
