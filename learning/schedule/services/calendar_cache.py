"""The calendar's events kept in the shared cache, per person and window.

A person's events for a window (as the caller renders them: per language and time zone) are
kept as of a *stamp* of generation counters (``core.generations``), in the shared cache:

- staff see the whole school: their windows are stamped with one counter, ``EVERYONE``, bumped
  by every change of the timetable;
- anyone else sees what they teach and their groups' lessons: the stamp is their own counter
  and the counters of the groups they are tied to (they teach it, are in it, or teach a rule or
  lesson of it). Their counter is bumped when a tie is made (a membership, a group, rule or
  lesson of theirs made or moved to them), a group's when anything in it changes (its name,
  colour or teacher, a rule, an exception, a stored lesson). The list of a person's groups is
  kept as of their own counter.

The bumps come from the models' signals (``signals.py``) and, for the queryset ``update()``s
that send none, from ``timetable_changed`` at the call. Counters are read before the rows, so
a write that commits while a window is computed leaves it under a stamp that no longer holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone, translation

from core import generations
from core.permissions import is_signed_in, is_staff
from learning.homework import signals as homework_signals

from ..app_settings import app_settings
from ..models import Group, LiveLesson, Membership, RecurringLesson
from ..recurrence import Occurrence
from .timetable import Narrowing, calendar_for, check_window

T = TypeVar("T")

PREFIX = "schedule:calendar"
EVERYONE = f"{PREFIX}:everyone"


def person_key(pk: int) -> str:
    return f"{PREFIX}:person:{pk}"


def group_key(pk: int) -> str:
    return f"{PREFIX}:group:{pk}"


def _groups_of_key(pk: int) -> str:
    return f"{PREFIX}:groups-of:{pk}"


def timetable_changed(
    *, groups: Iterable[int | None] = (), people: Iterable[int | None] = (), everyone=True
) -> None:
    """Windows that may show these groups' lessons, or these people's, are stale from now on.

    ``people``: persons tied to a group anew (their list of groups is read again). Staff's
    windows go too unless ``everyone`` is False (a membership is not on their calendar).
    """
    keys = [group_key(pk) for pk in groups if pk is not None]
    keys += [person_key(pk) for pk in people if pk is not None]
    if everyone:
        keys.append(EVERYONE)
    # Homework is given to groups through their lessons and rules: what is kept of who has
    # which homework (learners' deadlines) follows every change of the timetable too.
    keys.append(homework_signals.CHANGED)
    generations.bump_many(keys)


def group_ids_of(user) -> list[int]:
    """The groups whose lessons may be on a (not staff) person's calendar: see
    ``timetable.people_filters``."""
    tied = (
        Q(teacher=user)
        | Q(pk__in=Membership.objects.filter(student=user).values("group_id"))
        | Q(pk__in=RecurringLesson.objects.filter(teacher=user).values("group_id"))
        | Q(pk__in=LiveLesson.objects.filter(teacher=user).values("group_id"))
    )
    return sorted(Group.objects.filter(tied).order_by().values_list("pk", flat=True))


def _window_key(
    kind: str, user, start: datetime, end: datetime, cancelled: bool, only: Narrowing
) -> str:
    return ":".join(
        (
            PREFIX,
            kind,
            str(user.pk),
            "staff" if is_staff(user) else "own",
            start.isoformat(),
            end.isoformat(),
            "1" if cancelled else "0",
            str(only.teacher),
            str(only.group),
            str(only.course),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
        )
    )


def _counters(keys: list[str], found: dict[str, Any]) -> tuple:
    """The counters' values, made for the ones the cache does not hold."""
    return tuple(
        found[key] if found.get(key) is not None else generations.generation(key) for key in keys
    )


# A person's groups as this process last read them: (their counter then, group ids). Only a
# guess of which group counters to read with theirs, in one round trip: it is used only while
# their counter (read from the shared cache in that trip) still has the same value.
_guesses: dict[int, tuple[Any, list[int]]] = {}
GUESSES = 10_000


def _stamp(user, window_key: str) -> tuple[tuple, Any]:
    """(the window's current stamp, what the cache holds for the window or None)."""
    if is_staff(user):
        found = cache.get_many([EVERYONE, window_key])
        return _counters([EVERYONE], found), found.get(window_key)
    own, listed = person_key(user.pk), _groups_of_key(user.pk)
    guess = _guesses.get(user.pk)
    guessed = [group_key(pk) for pk in guess[1]] if guess else []
    found = cache.get_many([own, listed, window_key, *guessed])
    held = found.get(window_key)
    (current,) = _counters([own], found)
    if guess and guess[0] == current:
        groups, keys = guess[1], guessed
    else:
        entry = found.get(listed)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
            groups = entry[1]
        else:
            groups = group_ids_of(user)
            cache.set(listed, (current, groups), app_settings.SCHEDULE_EVENTS_CACHE_SECONDS)
        if len(_guesses) >= GUESSES:
            _guesses.clear()
        _guesses[user.pk] = (current, groups)
        keys = [group_key(pk) for pk in groups]
        found = cache.get_many(keys) if keys else {}
    return (current, *_counters(keys, found)), held


def calendar_events(
    user,
    start: datetime,
    end: datetime,
    render: Callable[[list[Occurrence]], T],
    *,
    kind: str,
    include_cancelled: bool = False,
    narrowing: Narrowing | None = None,
) -> T:
    """``render(calendar_for(...))``, kept in the shared cache until the timetable changes.

    ``render`` may depend on the occurrences, the person, the active language and time zone,
    and nothing else (those are the key, with ``kind``: the name and version of what render
    makes, changed with it so that no process reads what another kept in an older form).
    Off when ``SCHEDULE_EVENTS_CACHE_SECONDS`` is 0. Permissions are ``calendar_for``'s: a
    window is kept per person.
    """
    start, end = check_window(start, end)
    narrowing = Narrowing() if narrowing is None else narrowing
    seconds = app_settings.SCHEDULE_EVENTS_CACHE_SECONDS
    # Narrowed to a course: not kept, as a deleted course page unties its groups with an
    # update() that sends no signal (Group.course is SET_NULL).
    if not seconds or not is_signed_in(user) or narrowing.course is not None:
        return render(
            calendar_for(user, start, end, include_cancelled=include_cancelled, narrowing=narrowing)
        )
    key = _window_key(kind, user, start, end, include_cancelled, narrowing)
    stamp, held = _stamp(user, key)
    if isinstance(held, tuple) and len(held) == 2 and held[0] == stamp:
        return held[1]
    value = render(
        calendar_for(user, start, end, include_cancelled=include_cancelled, narrowing=narrowing)
    )
    cache.set(key, (stamp, value), seconds)
    return value
