"""A person's next live lessons (the cabinet's desk): their timetable from now on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from core.permissions import is_signed_in, is_staff

from ..models import Group, LiveLesson
from ..recurrence import Occurrence
from .calendar_cache import calendar_events
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
    if is_staff(user):  # their calendar is the school's; the desk shows their own lessons
        rules, lessons = people_filters(user)
        window = _with_groups(collect(rules, lessons, now, now + AHEAD))
    else:
        # The window from the start of the hour, kept with the calendar's windows until the
        # person's timetable changes (calendar_cache): the same for every visit in the hour.
        hour = now.replace(minute=0, second=0, microsecond=0)
        window = calendar_events(
            user, hour, hour + AHEAD + timedelta(hours=1), _with_groups, kind="next-lessons:1"
        )
    occurrences, groups = window
    found = [
        o
        for o in occurrences
        if now < o.end and o.start < now + AHEAD and o.status != LiveLesson.Status.ENDED
    ][:limit]
    return [NextLesson(o, groups[o.group_id]) for o in found if o.group_id in groups]


def _with_groups(occurrences: list[Occurrence]) -> tuple[list[Occurrence], dict[int, Group]]:
    return occurrences, Group.objects.in_bulk({o.group_id for o in occurrences})
