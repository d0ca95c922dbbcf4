"""The timetable: expanding a month for a busy teacher, and the calendar's events endpoint.

    .venv/bin/python -m tests.bench.schedule [--rules 200] [--seconds 3] [--repeat 30]

1. Two teachers with ``--rules`` weekly rules each (20 groups, spread over the week, some on
   upper or lower weeks only, a few cancelled or moved occurrences): one whose rules began two
   years ago, every past occurrence stored as a lesson (attendance was taken: about 20,000
   rows), one whose rules began two weeks ago. Expanding the coming month (queries and
   expansion, as the calendar and the pool's planning do) must take the same time for both:
   the cost grows with the window and the number of rules, not with the history.
2. The events endpoint (/api/schedule/events/, a week and a month as FullCalendar asks for
   them; kept in the cache, and computed afresh as after a change) against a bare Django view
   answering "ok" through the same middleware, requests per second from Django's test client
   in this process, and the ratio.

It makes a throwaway database the way the test runner does (tables straight from the models,
no migrations: seconds instead of a minute) under the settings in DJANGO_SETTINGS_MODULE
(portal.settings.test by default: in-memory SQLite, or PostgreSQL when DATABASE_URL says so,
where a database named <name>_bench_schedule is made and dropped), and never touches the
development database.
"""

import argparse
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock


class _NoMigrations(dict):
    """MIGRATION_MODULES that makes every app's tables straight from its models."""

    def __contains__(self, item) -> bool:
        return True

    def __getitem__(self, item):
        return None


def _django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
        django.setup()


def _database():
    """A fresh throwaway database; returns (connection, old name) for _drop."""
    from django.conf import settings
    from django.db import connection

    settings.MIGRATION_MODULES = _NoMigrations()
    if connection.vendor != "sqlite":
        settings.DATABASES["default"].setdefault("TEST", {})
        name = settings.DATABASES["default"]["NAME"]
        settings.DATABASES["default"]["TEST"]["NAME"] = f"{name}_bench_schedule"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    from wagtail.models import Collection, Locale

    # What migrations would have made and a new teacher's tutor tools need.
    Collection.add_root(name="Root")
    Locale.objects.get_or_create(language_code="ru")
    return connection, old_name


def _drop(connection, old_name) -> None:
    connection.creation.destroy_test_db(old_name, verbosity=0)


# --- data ------------------------------------------------------------------------------------


def _teacher(email: str):
    from accounts.models import User

    return User.objects.create_user(email, "bench-password-1", role=User.Role.TEACHER)


def seed(rules: int, history: timedelta, today: date, rng: random.Random, tag: str):
    """A teacher with ``rules`` rules started ``history`` ago; every past occurrence stored."""
    from learning.schedule import recurrence, services
    from learning.schedule.models import (
        Group,
        LessonException,
        LiveLesson,
        Membership,
        RecurringLesson,
    )

    teacher = _teacher(f"{tag}@bench.test")
    groups = Group.objects.bulk_create(
        [Group(name=f"{tag} {i}", teacher=teacher, colour="#2f6fed") for i in range(20)]
    )
    student = _teacher(f"{tag}-student@bench.test")
    Membership.objects.bulk_create([Membership(group=g, student=student) for g in groups])
    start_date = today - history
    made = []
    for i in range(rules):
        hour = 8 + (i // 7) % 12
        made.append(
            RecurringLesson(
                group=groups[i % 20],
                teacher=teacher,
                title=f"{tag} lesson {i}",
                weekday=i % 7,
                week_type=rng.choice(["all", "all", "upper", "lower"]),
                start_time=clock(hour, 5 * (i % 3)),
                end_time=clock(hour, 45),
                start_date=start_date,
                end_date=today + timedelta(days=400),
                timezone="Europe/Moscow",
            )
        )
    made = RecurringLesson.objects.bulk_create(made)
    now = datetime.now(UTC)
    lessons, exceptions = [], []
    for rule in made:
        past = [
            o
            for o in recurrence.expand_rule(rule, now - history - timedelta(days=8), now)
            if o.end < now
        ]
        lessons += [
            LiveLesson(
                group_id=rule.group_id,
                teacher=teacher,
                title=rule.title,
                start=o.start,
                end=o.end,
                status="ended",
                rule=rule,
                occurrence_date=o.occurrence_date,
            )
            for o in past
        ]
        # Now and then a coming occurrence is cancelled or moved.
        upcoming = list(
            recurrence.expand_rule(rule, now + timedelta(days=1), now + timedelta(days=60))
        )
        for o in rng.sample(upcoming, k=min(2, len(upcoming))):
            moved = rng.random() < 0.5
            exceptions.append(
                LessonException(
                    rule=rule,
                    original_date=o.occurrence_date,
                    cancelled=not moved,
                    new_start=o.start + timedelta(hours=13) if moved else None,
                    new_end=o.end + timedelta(hours=13) if moved else None,
                )
            )
    LiveLesson.objects.bulk_create(lessons, batch_size=2000)
    LessonException.objects.bulk_create(exceptions)
    # bulk_create() sends no signal: the calendars these rows are on are told here.
    services.timetable_changed(groups=[g.pk for g in groups], people=[teacher.pk, student.pk])
    return teacher, len(lessons)


# --- measurements ----------------------------------------------------------------------------


def expansion(teacher, repeat: int) -> dict:
    """A month from today for the teacher: total time (queries + expansion) and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning.schedule import services

    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=30)
    services.occurrences_for(teacher, start, end)  # warm
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        found = services.occurrences_for(teacher, start, end)
        timings.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        services.occurrences_for(teacher, start, end)
    return {
        "occurrences": len(found),
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[max(0, round(0.95 * repeat) - 1)],
        "queries": len(queries),
    }


def rate(client, url: str, seconds: float) -> float:
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    count, began = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - began) < seconds:
        client.get(url)
        count += 1
    return count / elapsed


def endpoint(teacher, seconds: float) -> list[tuple[str, float, int]]:
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    client.force_login(teacher)
    monday = datetime.now(UTC).date() - timedelta(days=datetime.now(UTC).weekday())
    week = f"start={monday}&end={monday + timedelta(days=7)}"
    month = f"start={monday}&end={monday + timedelta(days=42)}"
    rows = []
    with override_settings(ROOT_URLCONF="tests.bench.urls", ALLOWED_HOSTS=["*"]):
        for label, url, kept in (
            ("bare view", "/bench/ok/", True),
            ("events, a week", f"/api/schedule/events/?{week}", True),
            ("events, 6 weeks", f"/api/schedule/events/?{month}", True),
            # Computed afresh: as after a change of the timetable (services.calendar_cache).
            ("a week, afresh", f"/api/schedule/events/?{week}", False),
            ("6 weeks, afresh", f"/api/schedule/events/?{month}", False),
        ):
            with override_settings(SCHEDULE_EVENTS_CACHE_SECONDS=3600 if kept else 0):
                events = len(client.get(url).json()) if "events" in url else 0
                rows.append((label, rate(client, url, seconds), events))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=200, help="rules per teacher (200)")
    parser.add_argument("--seconds", type=float, default=3, help="seconds per HTTP target (3)")
    parser.add_argument("--repeat", type=int, default=30, help="expansions timed per teacher")
    args = parser.parse_args()

    _django()
    began = time.perf_counter()
    connection, old_name = _database()
    try:
        rng = random.Random(2026)
        today = datetime.now(UTC).date()
        old, old_lessons = seed(args.rules, timedelta(days=730), today, rng, "veteran")
        new, new_lessons = seed(args.rules, timedelta(days=14), today, rng, "newcomer")
        seeded = time.perf_counter() - began
        lines = [
            f"Timetable: a month for a teacher with {args.rules} weekly rules "
            f"({connection.vendor}, seeded in {seeded:.1f} s)",
            f"{'history':<10} {'stored lessons':>15} {'occurrences':>12} {'queries':>8} "
            f"{'median ms':>10} {'p95 ms':>8}",
        ]
        figures = {}
        for label, teacher, stored in (
            ("2 years", old, old_lessons),
            ("2 weeks", new, new_lessons),
        ):
            result = expansion(teacher, args.repeat)
            figures[label] = result["median_ms"]
            lines.append(
                f"{label:<10} {stored:>15,} {result['occurrences']:>12} {result['queries']:>8} "
                f"{result['median_ms']:>10.1f} {result['p95_ms']:>8.1f}"
            )
        lines.append(
            f"2 years / 2 weeks of history: {figures['2 years'] / figures['2 weeks']:.2f}× "
            "(about 1: the cost does not grow with the history)"
        )
        rows = endpoint(old, args.seconds)
        bare = rows[0][1]
        lines.append("")
        lines.append(f"Events endpoint (Django test client, this process, {args.seconds:g} s each)")
        lines.append(f"{'target':<16} {'events':>7} {'requests/s':>11} {'vs bare view':>13}")
        for label, per_second, events in rows:
            lines.append(
                f"{label:<16} {events or '':>7} {per_second:>11.1f} {per_second / bare:>12.1%}"
            )
        print("\n".join(lines))  # noqa: T201
    finally:
        _drop(connection, old_name)


if __name__ == "__main__":
    main()
