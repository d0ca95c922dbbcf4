"""JSON from clients, bounded: nesting deeper than any real request is refused, never a 500.

Python's parser recurses once per level, so a body of ten thousand ``[`` raised RecursionError;
a body just under the interpreter's limit parsed but broke whatever walked it next. Every JSON
the site reads from outside (the API's bodies, Zoom's webhook) goes through ``loads``.

The API's bodies also may not hold NUL characters or unpaired surrogates in their strings:
PostgreSQL refuses both (text and jsonb), which surfaced as a 500 wherever a string reached
the database unchecked (a lesson's content).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Lesson content (StreamField blocks inside lists inside structs) is about ten levels deep.
MAX_JSON_DEPTH = 64


class JSONTooDeep(ValueError):
    pass


class JSONBadText(ValueError):
    pass


def _bad_text(text: str) -> bool:
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def check_text(value: Any) -> None:
    """JSONBadText when a string (or key) holds a NUL character or an unpaired surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _bad_text(item):
                raise JSONBadText("a string holds a NUL character or an unpaired surrogate")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def check_depth(value: Any, limit: int = MAX_JSON_DEPTH) -> None:
    """JSONTooDeep when lists and objects nest more than ``limit`` levels."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise JSONTooDeep(f"nested more than {limit} levels")
        stack.extend((child, depth + 1) for child in children)


def loads(data: bytes | str, limit: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` that raises ValueError (JSONTooDeep) for too deep nesting."""
    try:
        value = json.loads(data)
    except RecursionError as error:
        raise JSONTooDeep(f"nested more than {limit} levels") from error
    check_depth(value, limit)
    return value


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the depth bound: too deep is a 400 like any malformed JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            check_depth(data)
        except (RecursionError, JSONTooDeep) as error:
            raise ParseError(
                _("JSON parse error - nested more than %(limit)d levels.")
                % {"limit": MAX_JSON_DEPTH}
            ) from error
        try:
            check_text(data)
        except JSONBadText as error:
            raise ParseError(
                _("JSON parse error - a string holds a NUL character or an unpaired surrogate.")
            ) from error
        return data
