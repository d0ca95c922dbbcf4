"""Generation counters in the shared cache: values kept "as of a generation" and dropped, in
every process at once, by bumping the counter (no key is listed or deleted).

The page cache (home.page_cache), the page furniture (home.fragments) and the site directory
(core.sites) keep their values this way.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction


def _first_generation() -> int:
    # A clock reading, not 1: a counter evicted and made again must not meet values stored
    # under its old numbers.
    return time.time_ns() // 1000


def generation(key: str) -> int:
    return cache.get_or_set(key, _first_generation, timeout=None)


def bump(key: str) -> None:
    """Everything stored under the counter `key` is stale from now on.

    Inside a transaction it is bumped again after the commit: a request that read the old rows
    between the first bump and the commit stored them under the new number.
    """

    def increment() -> None:
        try:
            cache.incr(key)
        except ValueError:  # no counter yet: nothing cached under it either
            cache.set(key, _first_generation(), timeout=None)

    increment()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(increment)


def bump_many(keys: Iterable[str]) -> None:
    """`bump` for several counters in one round trip (and once more after the commit).

    Each counter is set to a new number, not incremented (a cache has no "increment many"):
    a clock reading in its high bits, random low bits, so two bumps never set the same number
    and a counter never comes back to a number it had. Values are compared for equality only.
    """
    keys = list(dict.fromkeys(keys))
    if not keys:
        return

    def renew() -> None:
        fresh = _first_generation() << 10 | secrets.randbits(10)
        cache.set_many(dict.fromkeys(keys, fresh), timeout=None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def read(keys: list[str], generation_key: str) -> tuple[int, dict[str, Any]]:
    """The current generation and the values of `keys` written under it, in one round trip."""
    found = cache.get_many([generation_key, *keys])
    current = found.pop(generation_key, None)
    if current is None:
        current = generation(generation_key)
    return current, {
        key: value[1]
        for key, value in found.items()
        if isinstance(value, tuple) and len(value) == 2 and value[0] == current
    }


def read_under(keys: list[str], generation_keys: tuple[str, ...]) -> tuple[tuple, dict[str, Any]]:
    """``read`` for values kept under several counters: the counters' current numbers (in
    ``generation_keys``' order) and the values written under all of them, in one round trip."""
    found = cache.get_many([*generation_keys, *keys])
    current = tuple(found.pop(key, None) or generation(key) for key in generation_keys)
    return current, {
        key: value[1]
        for key, value in found.items()
        if isinstance(value, tuple) and len(value) == 2 and value[0] == current
    }


def write(key: str, current: int | tuple, value: Any, timeout: int | None) -> None:
    """Store `value` as of generation `current` (the number `read` gave, or the numbers
    `read_under` gave)."""
    cache.set(key, (current, value), timeout)
