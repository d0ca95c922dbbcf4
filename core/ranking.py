"""Ranked search over page querysets: the backend ranks, the ORM loads what cards need."""

import unicodedata

from django.db.models import QuerySet

MAX_QUERY = 200


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


def ranked_ids(pages: QuerySet, query: str, **options) -> list[int]:
    """Ids of the matching pages, best first.

    Filters the search backend cannot apply (related fields, Q objects) go on `pages` first
    and reach the backend as a list of ids.
    """
    query = clean_query(query)
    if not query:
        return []
    # Only ids are read: leave the bodies (StreamField JSON) in the database.
    return [page.pk for page in pages.defer_streamfields().search(query, **options)]


def search_within(pages: QuerySet, query: str, **options) -> list[int]:
    ids = list(pages.values_list("pk", flat=True))
    return ranked_ids(pages.model.objects.filter(pk__in=ids), query, **options)


def in_order(pages: QuerySet, ids: list[int]) -> list:
    by_id = {page.pk: page for page in pages.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
