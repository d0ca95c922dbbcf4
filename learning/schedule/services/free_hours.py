"""Many tutors' free time in one window at once (the tutoring app's matching).

``free_slots`` answers for one tutor in slots; matching a request ranks every tutor of a
subject, so this reads the same two things for a set of tutors in a fixed number of queries:
their hours (three: availability, ranges, exceptions) and the timetable in the window
(``timetable.collect``, three or four), whatever the number of tutors or the history. Free
time is given as spans (the open hours minus the lessons each tutor teaches), not slots.

Lessons a tutor attends as a student are not taken away here (``free_slots`` does): a tutor
in someone else's group is rare, and finding them would cost a query per membership. Nor are
the slots bookings hold while they wait for the tutor (``extensions.busy_time``, asked one
tutor at a time): a confirmed booking is a lesson on the timetable, and that is taken away.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db.models import Q

from ..models import Availability
from .availability import Slot, open_hours
from .timetable import check_window, collect


def subtract(spans: list[Slot], busy: list[tuple[datetime, datetime]]) -> list[Slot]:
    """The parts of ``spans`` no busy interval covers."""
    free: list[Slot] = []
    for span in spans:
        pieces = [(span.start, span.end)]
        for b_start, b_end in busy:
            cut = []
            for start, end in pieces:
                if b_end <= start or b_start >= end:
                    cut.append((start, end))
                    continue
                if start < b_start:
                    cut.append((start, b_start))
                if b_end < end:
                    cut.append((b_end, end))
            pieces = cut
        free.extend(Slot(start, end) for start, end in pieces)
    return free


def free_hours(
    tutor_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, tuple[str, list[Slot]]]:
    """{tutor id: (their time zone, free spans meeting [start, end))} for the tutors who set
    weekly hours; spans are whole ranges cut only by lessons, not clipped to the window."""
    start, end = check_window(start, end)
    ids = list(tutor_ids)
    if not ids:
        return {}
    availabilities = list(
        Availability.objects.filter(tutor_id__in=ids).prefetch_related("ranges", "exceptions")
    )
    if not availabilities:
        return {}
    with_hours = [a.tutor_id for a in availabilities]
    taught = Q(teacher_id__in=with_hours) | Q(group__teacher_id__in=with_hours)
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    for occurrence in collect(taught, taught, start, end):
        busy.setdefault(occurrence.teacher_id, []).append((occurrence.start, occurrence.end))
    return {
        a.tutor_id: (a.timezone, subtract(open_hours(a, start, end), busy.get(a.tutor_id, [])))
        for a in availabilities
    }
