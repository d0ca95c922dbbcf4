"""A request's reads of kept values, batched: one cache round trip for all it will read.

Values kept under generation counters (the parts of pages in ``home.parts``, the answers about
one person in ``core.personal``) are read with their counters. A page reads several, and each
round trip costs about as much CPU as a small query. So each process remembers which keys (and
counters) the last request for the same address read (language, query string, signed in or
not), and the first read of a request asks for all of them with their counters in one round
trip; a key not guessed is read on its own and guessed next time. The guess only saves round
trips: every value is still checked against the counters read in this request.

A key about the reader (``personal:<id>:…``, counter ``person:<id>``) is remembered with
``{person}`` in place of the id and guessed for the next reader of the address as theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation

PERSON = "{person}"  # in a key or counter: the signed-in reader's id
MISSING = object()

# The keys each address read, as this process last saw them: a hint of what to read in one
# round trip (every value is checked against its counters all the same).
_guesses: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
GUESSES = 10_000


@dataclass
class Reads:
    """A request's round trips: the counters' values and the entries found, as first read."""

    counters: dict[str, Any]
    asked: set[str]
    found: dict[str, Any]
    used: list[tuple[str, tuple[str, ...]]]  # this request's reads (templates): the next guess


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


def fetch(keys: list[str], wanted: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the counters' values, the entries of ``keys``) in one round trip. A counter the cache
    lacks reads 0, as the page cache reads it: a bump then sets it to a clock reading
    (``generations.bump``), so no entry kept under 0 is read after a change."""
    found = cache.get_many([*wanted, *keys])
    return {name: found.pop(name, None) or 0 for name in wanted}, found


def _reader(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return str(user.pk)


def _as(text: str, person: str | None) -> str | None:
    if PERSON not in text:
        return text
    return None if person is None else text.replace(PERSON, person)


def _guessed(request: HttpRequest, signature: str) -> tuple[list[str], list[str]]:
    """The keys and counters the address's last request read, as this reader's."""
    guess = _guesses.get(signature, ())
    person = _reader(request) if any(PERSON in key for key, _marks in guess) else None
    keys: list[str] = []
    marks: list[str] = []
    for key, names in guess:
        mine = _as(key, person)
        if mine is None:
            continue
        keys.append(mine)
        marks.extend(m for m in (_as(name, person) for name in names) if m is not None)
    return keys, marks


def read(
    request: HttpRequest, key: str, marks: tuple[str, ...], *, person: int | None = None
) -> tuple[tuple, Any]:
    """(the values of the counters ``marks`` now, the value kept for ``key`` under them or
    ``MISSING``). The first read of a request also reads what its address read last time.
    ``person``: the reader's id where ``key`` and ``marks`` hold ``{person}``."""
    me = None if person is None else str(person)
    real_key = _as(key, me) or key
    real_marks = tuple(_as(m, me) or m for m in marks)
    done: Reads | None = getattr(request, "_cache_reads", None)
    if done is None:
        signature = _signature(request)
        guessed_keys, guessed_marks = _guessed(request, signature)
        keys = list(dict.fromkeys([real_key, *guessed_keys]))
        wanted = list(dict.fromkeys([*real_marks, *guessed_marks]))
        values, found = fetch(keys, wanted)
        if len(_guesses) >= GUESSES:
            _guesses.clear()
        done = Reads(values, set(keys), found, [])
        _guesses[signature] = done.used
        request._cache_reads = done
    else:
        missing = [m for m in real_marks if m not in done.counters]
        if real_key not in done.asked or missing:
            values, found = fetch([] if real_key in done.asked else [real_key], missing)
            done.counters.update(values)
            done.found.update(found)
            done.asked.add(real_key)
    if (key, marks) not in done.used:
        done.used.append((key, marks))
    stamp = tuple(done.counters[m] for m in real_marks)
    entry = done.found.get(real_key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp:
        return stamp, entry[1]
    return stamp, MISSING


def built(request: HttpRequest) -> list[str]:
    """The keys this request read and did not find kept under their counters (for tests and
    the profiler)."""
    done: Reads | None = getattr(request, "_cache_reads", None)
    if done is None:
        return []
    person = _reader(request)
    missed = []
    for key, marks in done.used:
        key = _as(key, person) or key
        stamp = tuple(done.counters.get(_as(m, person) or m) for m in marks)
        entry = done.found.get(key)
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp):
            missed.append(key)
    return missed
