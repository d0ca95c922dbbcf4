"""Answers about one person kept in the shared cache under their own counter.

A signed-in page asks the same facts of its reader on every visit (may they review this
course? which of its lessons have they done?), and each costs queries. Such an answer is kept
under ``person:<id>``, which the apps owning those facts bump whenever one of the person's rows
changes (enrollments and progress in learning.enrollment, reviews in reviews), and under any
other counters it depends on (``page-cache:content`` for the live lessons of a course). Nothing
is listed or deleted: a bump makes every kept answer of that person stale at once.

Only facts whose every change goes through a model's save or delete (so its signals run), or
through ``PersonQuerySet.update()``, may be kept here: a plain queryset ``update()`` sends no
signal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models
from django.utils import timezone

from . import cache_reads, generations, memo

T = TypeVar("T")

TIMEOUT = 60 * 60  # an hour: answers of a quiet person's old counter are never read again


def until(moment: datetime | None) -> int:
    """The seconds an answer that the clock changes at ``moment`` may be kept (at most
    ``TIMEOUT``; ``TIMEOUT`` when nothing is due)."""
    if moment is None:
        return TIMEOUT
    return max(1, min(TIMEOUT, int((moment - timezone.now()).total_seconds())))


def counter(user_id: int | str) -> str:
    return f"person:{user_id}"


def changed(user_ids: Iterable[int | None]) -> None:
    """Every answer kept about these people is stale from now on (and again after the commit)."""
    generations.bump_many(counter(pk) for pk in user_ids if pk is not None)


def changed_row(sender, instance, **kwargs) -> None:
    """A ``post_save``/``post_delete`` receiver for models with a ``user_id`` of whom it is."""
    changed([getattr(instance, "user_id", None)])


class PersonQuerySet(models.QuerySet):
    """A queryset of rows about people (``user_id``) whose ``update()`` (``bulk_update()``'s
    too) bumps the counters of the people whose rows it changes, as saving each row would."""

    def _people(self) -> list[int]:
        return list(self.order_by().values_list("user_id", flat=True).distinct())

    def _changed(self, people: list[int]) -> None:
        """Bump what depends on these people's rows (their counters; a subclass may bump
        narrower ones)."""
        changed(people)

    def update(self, **kwargs) -> int:
        people = self._people()
        count = super().update(**kwargs)
        self._changed(people)
        return count


def kept(
    user,
    name: str,
    identity: tuple,
    compute: Callable[[], T],
    *,
    also: tuple[str, ...] = (),
    timeout: int | Callable[[T], int] = TIMEOUT,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """``compute()`` about ``user``, kept under their counter and the counters ``also`` (where
    ``{person}``, ``cache_reads.PERSON``, stands for their id) (one
    cache round trip when kept) for at most ``timeout`` seconds (or as many as
    ``timeout(value)`` says: until the clock changes the answer), unless ``keep(value)`` says
    not yet (images whose renditions the page is about to make, say). Visitors and unsaved
    users are not kept."""
    if not getattr(user, "pk", None) or not user.is_authenticated:
        return compute()
    digest = hashlib.sha256(repr((name, identity)).encode()).hexdigest()[:32]
    key = f"personal:{user.pk}:{name}:{digest}"
    request = memo.current_request()
    if request is not None and getattr(request, "user", None) == user:
        # With the page's other kept values, in the request's one round trip; remembered for
        # the address's next reader as theirs.
        stamp, entry = cache_reads.read(
            request,
            f"personal:{cache_reads.PERSON}:{name}:{digest}",
            (counter(cache_reads.PERSON), *also),
            person=user.pk,
        )
        if entry is not cache_reads.MISSING:
            return entry
    else:
        mine = str(user.pk)
        counters = (counter(user.pk), *(name.replace(cache_reads.PERSON, mine) for name in also))
        found = cache.get_many([*counters, key])
        # A counter the cache lacks reads 0, as the page cache reads its marks (not made
        # here, which would change them under its entries); a bump sets it to a clock reading.
        stamp = tuple(found.get(name) or 0 for name in counters)
        entry = found.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == stamp:
            return entry[1]
    value: Any = compute()
    if keep is None or keep(value):
        generations.write(key, stamp, value, timeout(value) if callable(timeout) else timeout)
    return value
