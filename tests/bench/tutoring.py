"""Matching a tutor request: its cost against the number of tutors, the learner's windows and
the tutors' timetable history.

    .venv/bin/python -m tests.bench.tutoring [--tutors 1000] [--repeat 10]

Seeds a subject with 100 published tutors and one with ``--tutors`` (prices, languages,
levels, ratings, weekly hours, a weekly group each), then times ``tutoring.services.match``
(queries and ranking) for a request of two evening windows in each, for a request of fourteen
windows, and again after every tutor of the large subject gets two years of stored past
lessons. The queries stay the same; the time grows with the tutors and the windows, not with
the history. Like ``tests.bench.schedule`` it makes a throwaway database (tables straight
from the models) under DJANGO_SETTINGS_MODULE (in-memory SQLite by default, PostgreSQL with
DATABASE_URL) and drops it at the end.
"""

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from .schedule import _database, _django, _drop


def seed_tutors(index, subject, count: int, tag: str) -> list:
    from accounts.models import TeacherProfile, User
    from courses.models import TutorLanguage, TutorPage
    from learning.schedule.models import Availability, AvailabilityRange, Group
    from tutoring.models import TutorLevel

    users = User.objects.bulk_create(
        [User(email=f"{tag}{i}@bench.test", role=User.Role.TEACHER) for i in range(count)]
    )
    TeacherProfile.objects.bulk_create(
        [
            TeacherProfile(user=u, rating=Decimal("4.5") if i % 3 else 0, reviews_count=i % 3 * 4)
            for i, u in enumerate(users)
        ]
    )
    pages = []
    for i, user in enumerate(users):
        page = TutorPage(
            title=f"{tag} {i}",
            slug=f"{tag}-{i}",
            headline="Bench",
            user=user,
            owner=user,
            hourly_price=Decimal(800 + 50 * (i % 40)),
            live=True,
        )
        index.add_child(instance=page)
        pages.append(page)
    TutorPage.subjects.through.objects.bulk_create(
        [TutorPage.subjects.through(tutorpage=p, category=subject) for p in pages]
    )
    TutorLanguage.objects.bulk_create(
        [TutorLanguage(page=p, language="ru" if i % 4 else "en") for i, p in enumerate(pages)]
    )
    TutorLevel.objects.bulk_create([TutorLevel(tutor=u, level="intermediate") for u in users[::2]])
    hours = Availability.objects.bulk_create(
        [Availability(tutor=u, timezone="Europe/Moscow") for u in users]
    )
    AvailabilityRange.objects.bulk_create(
        [
            AvailabilityRange(
                availability=a, weekday=d, start_time=clock(8 + i % 12), end_time=clock(21)
            )
            for i, a in enumerate(hours)
            for d in (1, 3, 5)
        ]
    )
    Group.objects.bulk_create([Group(name=f"{tag} {u.pk}", teacher=u) for u in users])
    return users


def add_history(users, days: int) -> int:
    """A weekly Tuesday lesson for each tutor from ``days`` ago, every past one stored."""
    from learning.schedule import recurrence
    from learning.schedule.models import Group, LiveLesson, RecurringLesson

    today = datetime.now(UTC).date()
    groups = {g.teacher_id: g for g in Group.objects.filter(teacher__in=users)}
    rules = RecurringLesson.objects.bulk_create(
        [
            RecurringLesson(
                group=groups[u.pk],
                teacher=u,
                title="Weekly",
                weekday=1,
                week_type="all",
                start_time=clock(19),
                end_time=clock(20),
                start_date=today - timedelta(days=days),
                end_date=today + timedelta(days=400),
                timezone="Europe/Moscow",
            )
            for u in users
        ]
    )
    now = datetime.now(UTC)
    lessons = [
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
        for rule in rules
        for o in recurrence.expand_rule(rule, now - timedelta(days=days + 1), now)
        if o.end < now
    ]
    LiveLesson.objects.bulk_create(lessons, batch_size=5000)
    return len(lessons)


def measure(request, repeat: int) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tutoring import services

    found = services.match(request)  # warm
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        services.match(request)
        timings.append((time.perf_counter() - began) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        services.match(request)
    return {"tutors": len(found), "ms": statistics.median(timings), "queries": len(queries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tutors", type=int, default=1000, help="tutors of the large subject")
    parser.add_argument("--repeat", type=int, default=10, help="runs timed per case")
    args = parser.parse_args()

    _django()
    began = time.perf_counter()
    connection, old_name = _database()
    try:
        from wagtail.models import Locale, Page

        from accounts.models import User
        from courses.models import Category, TutorIndexPage
        from tutoring import services

        locale, _ = Locale.objects.get_or_create(language_code="ru")
        root = Page.add_root(title="Root", slug="root", locale=locale)
        index = root.add_child(instance=TutorIndexPage(title="Tutors", slug="tutors"))
        small = Category.objects.create(name="Small", slug="small", locale=locale)
        large = Category.objects.create(name="Large", slug="large", locale=locale)
        seed_tutors(index, small, 100, "s")
        users = seed_tutors(index, large, args.tutors, "l")
        learner = User.objects.create_user("learner@bench.test", "bench-password-1")
        start = datetime.now(UTC).date() + timedelta(days=1)

        def request(subject, windows):
            return services.post_request(
                learner,
                subject=subject,
                level="intermediate",
                goal="Bench",
                language="ru",
                start_date=start,
                budget=Decimal("2000"),
                windows=[services.WeeklyTime(d, clock(a), clock(b)) for d, a, b in windows],
            )

        evenings = [(1, 18, 21), (3, 18, 21)]
        every_day = [(d, a, a + 2) for d in range(7) for a in (9, 18)]
        cases = [
            ("100 tutors, 2 windows", request(small, evenings)),
            (f"{args.tutors} tutors, 2 windows", request(large, evenings)),
            (f"{args.tutors} tutors, 14 windows", request(large, every_day)),
        ]
        rows = [(label, "none", measure(r, args.repeat)) for label, r in cases]
        stored = add_history(users, 730)
        rows.append(
            (cases[1][0], f"2 years ({stored:,} lessons)", measure(cases[1][1], args.repeat))
        )
        seeded = time.perf_counter() - began
        lines = [
            f"Matching a request ({connection.vendor}, {seeded:.0f} s in all)",
            f"{'case':<22} {'history':<24} {'tutors':>7} {'queries':>8} {'median ms':>10}",
        ]
        for label, history, r in rows:
            lines.append(
                f"{label:<22} {history:<24} {r['tutors']:>7} {r['queries']:>8} {r['ms']:>10.1f}"
            )
        print("\n".join(lines))  # noqa: T201
    finally:
        _drop(connection, old_name)


if __name__ == "__main__":
    main()
