"""Ids from outside (URLs, query strings, bodies) bounded to what the database can hold.

Django guards plain integer lookups against values past a column's range, but not lookups
through a relation, and a Wagtail page's id in a page model is such a relation
(``page_ptr``): ``CoursePage.objects.filter(pk=2**63)`` crashed SQLite's driver (500)
instead of finding nothing. Ids past ``MAX_ID`` name nothing; these helpers say so first.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

MAX_ID = 2**63 - 1  # the largest 64-bit integer column value (PostgreSQL bigint, SQLite)


def parse_id(value: Any) -> int | None:
    """The id a query-string or body value names, or None when it cannot name a row."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, int) and 0 <= value <= MAX_ID:
        return value
    return None


class IdConverter:
    """``<id:pk>`` in a URL: digits naming a possible row; anything larger matches no route."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("past the largest id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


# How the schema describes an ``<id:…>`` path parameter (PATH_CONVERTER_OVERRIDES).
ID_SCHEMA = {"type": "integer", "minimum": 0, "maximum": MAX_ID}


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """DRF's field, with ids past ``MAX_ID`` refused as "does not exist" before the query."""

    def to_internal_value(self, data):
        if isinstance(data, int | str) and not isinstance(data, bool):
            number = parse_id(data)
            if number is None and str(data).strip().isdigit():
                self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)
