"""JSON from clients, bounded: nesting deeper than any real request is refused, never a 500.

Python's parser recurses once per level, so a body of ten thousand ``[`` raised RecursionError;
a body just under the interpreter's limit parsed but broke whatever walked it next. Every JSON
the site reads from outside (the API's bodies, Zoom's webhook) goes through ``loads``.
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
        return data
