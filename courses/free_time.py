"""Which tutors have open hours at given weekdays and times of day: the tutor list's "free on"
filter, answered by the timetable app (``learning.schedule``), which fills this registry in
its ``AppConfig.ready()``; courses sits below it and cannot ask it directly.

The answer is a subquery of user ids, so the filter adds no query to the list. It reads the
tutors' weekly hours in their own time zones; lessons already on their timetable are not
taken away (the free slots of one tutor are, ``learning.schedule.services.free_slots``).
Until something registers, the filter is not offered.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import time

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

# Times of day as wall-clock spans [from, to) in the tutor's time zone.
TIMES_OF_DAY = {
    "morning": (time(6), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(23)),
}
TIME_OF_DAY_CHOICES = [
    ("morning", _("Morning (6–12)")),
    ("afternoon", _("Afternoon (12–17)")),
    ("evening", _("Evening (17–23)")),
]

# (weekdays 0–6, spans of time) -> a queryset of user ids whose hours meet any of them.
Provider = Callable[[Collection[int], Collection[tuple[time, time]]], QuerySet]
_provider: list[Provider] = []


def register(provider: Provider) -> None:
    """Called once by the timetable app."""
    _provider[:] = [provider]


def is_available() -> bool:
    return bool(_provider)


def tutors_free_on(weekdays: Collection[int], times_of_day: Collection[str]) -> QuerySet:
    """User ids of the tutors with hours on any of ``weekdays`` (all when empty) meeting any
    of ``times_of_day`` (the whole day when empty)."""
    spans = [TIMES_OF_DAY[name] for name in times_of_day] or [(time.min, time.max)]
    return _provider[0](weekdays or range(7), spans)
