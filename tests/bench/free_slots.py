"""Finding a tutor: free slots of many tutors, and what their cost grows with.

    .venv/bin/python -m tests.bench.free_slots [--tutors 200] [--repeat 3]

``--tutors`` tutors, each with weekly hours (five ranges), a one-person group and four weekly
lessons inside those hours; half of them taught for two years (every past lesson stored, as
attendance leaves them: about 400 rows each), half started two weeks ago. The free slots of
every tutor (``learning.schedule.services.free_slots``, what a tutor page and the booking page
show) are computed for one week and for two weeks ahead. The cost must grow with the window
and the number of tutors, not with the timetable's history: the two halves cost the same, and
two weeks cost about twice one week.

It makes a throwaway database like tests/bench/schedule.py (tables from the models; under
DATABASE_URL a PostgreSQL database <name>_bench_schedule) and never touches the development one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from .schedule import _database, _django, _drop

RANGES = [(0, 9, 13), (1, 15, 20), (2, 9, 13), (3, 15, 20), (5, 10, 14)]  # weekday, from, to


def seed(count: int, rng: random.Random) -> tuple[list, list, int]:
    """``count`` tutors: (veterans, newcomers, stored lessons)."""
    from accounts.models import User
    from learning.schedule import recurrence
    from learning.schedule.models import (
        Availability,
        AvailabilityRange,
        Group,
        LiveLesson,
        Membership,
        RecurringLesson,
    )

    today = datetime.now(UTC).date()
    now = datetime.now(UTC)
    tutors = User.objects.bulk_create(
        User(email=f"tutor{i}@bench.test", role=User.Role.TEACHER) for i in range(count)
    )
    learner = User.objects.create(email="learner@bench.test")
    availabilities = Availability.objects.bulk_create(
        Availability(tutor=tutor, timezone="Europe/Moscow") for tutor in tutors
    )
    AvailabilityRange.objects.bulk_create(
        AvailabilityRange(
            availability=availability,
            weekday=weekday,
            start_time=clock(start),
            end_time=clock(end),
        )
        for availability in availabilities
        for weekday, start, end in RANGES
    )
    groups = Group.objects.bulk_create(
        Group(name=f"{tutor.email}", teacher=tutor, colour="#2f6fed") for tutor in tutors
    )
    Membership.objects.bulk_create(Membership(group=g, student=learner) for g in groups)
    rules = []
    for index, (tutor, group) in enumerate(zip(tutors, groups, strict=True)):
        history = timedelta(days=730 if index % 2 == 0 else 14)
        for weekday, start, _end in rng.sample(RANGES, 4):
            rules.append(
                RecurringLesson(
                    group=group,
                    teacher=tutor,
                    title="Урок",
                    weekday=weekday,
                    start_time=clock(start + 1),
                    end_time=clock(start + 2),
                    start_date=today - history,
                    end_date=today + timedelta(days=400),
                    timezone="Europe/Moscow",
                )
            )
    rules = RecurringLesson.objects.bulk_create(rules)
    lessons = []
    for rule in rules:
        history = today - rule.start_date
        for o in recurrence.expand_rule(rule, now - history - timedelta(days=8), now):
            if o.end < now:
                lessons.append(
                    LiveLesson(
                        group_id=rule.group_id,
                        teacher_id=rule.teacher_id,
                        title=rule.title,
                        start=o.start,
                        end=o.end,
                        status="ended",
                        rule=rule,
                        occurrence_date=o.occurrence_date,
                    )
                )
    LiveLesson.objects.bulk_create(lessons, batch_size=2000)
    return tutors[0::2], tutors[1::2], len(lessons)


def measure(tutors: list, days: int, repeat: int) -> dict:
    """Free slots of every tutor for ``days`` from tomorrow: time per tutor, queries, slots."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning.schedule.services.availability import free_slots

    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start += timedelta(days=1)
    end = start + timedelta(days=days)
    free_slots(tutors[0], start, end)  # warm
    per_tutor, totals, slots = [], [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        for tutor in tutors:
            one = time.perf_counter()
            slots = len(free_slots(tutor, start, end))
            per_tutor.append((time.perf_counter() - one) * 1000)
        totals.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        free_slots(tutors[0], start, end)
    return {
        "median_ms": statistics.median(per_tutor),
        "total_ms": statistics.median(totals),
        "queries": len(queries),
        "slots": slots,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tutors", type=int, default=200, help="tutors (200)")
    parser.add_argument("--repeat", type=int, default=3, help="runs over every tutor (3)")
    args = parser.parse_args()

    _django()
    began = time.perf_counter()
    connection, old_name = _database()
    try:
        veterans, newcomers, stored = seed(args.tutors, random.Random(2026))
        lines = [
            f"Free slots of {args.tutors} tutors ({connection.vendor}, {stored:,} past lessons "
            f"stored, seeded in {time.perf_counter() - began:.1f} s)",
            f"{'tutors':<22} {'window':>7} {'queries':>8} {'slots':>6} "
            f"{'ms per tutor':>13} {'ms for them all':>16}",
        ]
        figures = {}
        for label, group in (("2 years of lessons", veterans), ("2 weeks of lessons", newcomers)):
            for days in (7, 14):
                result = measure(group, days, args.repeat)
                figures[(label, days)] = result["median_ms"]
                if days == 14:
                    figures[("total", "half")] = result["total_ms"]
                lines.append(
                    f"{label:<22} {days:>5} d {result['queries']:>8} {result['slots']:>6} "
                    f"{result['median_ms']:>13.2f} {result['total_ms']:>16.0f}"
                )
        everyone = measure(veterans + newcomers, 14, args.repeat)
        lines.append(
            f"{'all of them':<22} {14:>5} d {everyone['queries']:>8} {everyone['slots']:>6} "
            f"{everyone['median_ms']:>13.2f} {everyone['total_ms']:>16.0f}"
        )
        history = figures[("2 years of lessons", 14)] / figures[("2 weeks of lessons", 14)]
        window = figures[("2 weeks of lessons", 14)] / figures[("2 weeks of lessons", 7)]
        lines.append(
            f"2 years / 2 weeks of history: {history:.2f}× (about 1: not the history). "
            f"14 / 7 days: {window:.2f}× (the window adds little next to the fixed "
            f"{everyone['queries']} queries a tutor). All / half the tutors: "
            f"{everyone['total_ms'] / figures[('total', 'half')]:.2f}× (linear in tutors)."
        )
        print("\n".join(lines))  # noqa: T201
    finally:
        _drop(connection, old_name)


if __name__ == "__main__":
    main()
