"""Generation counters (core.generations): several bumped in one round trip, and bumped again
after the commit, so a reader that saw the rows of before the commit cannot keep them."""

import pytest
from django.core.cache import cache
from django.db import transaction

from core import generations

KEYS = ["test:generation:a", "test:generation:b"]


@pytest.mark.django_db
def test_bump_many_renews_each_counter_now_and_after_the_commit(
    django_capture_on_commit_callbacks,
):
    before = [generations.generation(key) for key in KEYS]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        generations.bump_many([*KEYS, KEYS[0]])
        inside = [generations.generation(key) for key in KEYS]
    after = [generations.generation(key) for key in KEYS]
    assert len(callbacks) == 1
    for old, bumped, committed in zip(before, inside, after, strict=True):
        assert len({old, bumped, committed}) == 3
    # Values kept as of the old numbers are not read any more.
    generations.write("test:value", before[0], "old", None)
    assert generations.read(["test:value"], KEYS[0]) == (after[0], {})
    # Numbers the cache can still increment (a 64-bit integer).
    assert all(isinstance(value, int) and 0 < value < 2**63 for value in after)


def test_bump_many_outside_a_transaction():
    before = generations.generation(KEYS[0])
    generations.bump_many(KEYS[:1])
    assert cache.get(KEYS[0]) == generations.generation(KEYS[0]) != before
    generations.bump_many([])  # nothing to do
