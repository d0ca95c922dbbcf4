"""Helpers for tests of answers kept in the shared cache (core.personal, home.parts)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from core import generations


@contextmanager
def kept_lifetimes(name: str) -> Iterator[list[int]]:
    """The lifetimes, in seconds, of the kept answers called ``name`` written meanwhile."""
    lifetimes: list[int] = []
    real_write = generations.write

    def write(key, current, value, timeout):
        if f":{name}:" in key:
            lifetimes.append(timeout)
        return real_write(key, current, value, timeout)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generations, "write", write)
        yield lifetimes
