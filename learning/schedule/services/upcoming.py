"""A person's next live lessons (the cabinet's desk): their timetable from now on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from core.permissions import is_signed_in

from ..models import Group, LiveLesson
from ..recurrence import Occurrence
from .timetable import collect, people_filters

# How far ahead the desk looks: a weekly timetable shows within days, a monthly one within weeks.
AHEAD = timedelta(days=45)


@dataclass(frozen=True)
class NextLesson:
    occurrence: Occurrence
    group: Group

    @property
    def is_live(self) -> bool:
        return self.occurrence.status == LiveLesson.Status.LIVE


def next_lessons(user, *, limit: int = 5, now: datetime | None = None) -> list[NextLesson]:
    """The person's next lessons not cancelled and not over (one under way comes first),
    the nearest first: those they teach and their groups'. The few queries of the timetable
    (``collect``) and one for the groups, whatever the number of rules and lessons."""
    if not is_signed_in(user):
        return []
    now = now or timezone.now()
    rules, lessons = people_filters(user)
    found = [
        o
        for o in collect(rules, lessons, now, now + AHEAD)
        if o.end > now and o.status != LiveLesson.Status.ENDED
    ][:limit]
    groups = Group.objects.in_bulk({o.group_id for o in found})
    return [NextLesson(o, groups[o.group_id]) for o in found if o.group_id in groups]
