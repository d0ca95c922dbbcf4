"""Analytics over a year of data: the rollup of a million course views, then the school's
and a teacher's report beside a bare view.

    .venv/bin/python -m tests.bench.analytics [--views 1000000] [--courses 50] [--repeat 5]

Seeds a throwaway database (under DATABASE_URL a migrated PostgreSQL database
<name>_bench_analytics, else SQLite in memory, tables from the models, with 100,000 views by
default): ``--courses``
courses of ten teachers, 8,000 learners with 20,000 enrollments over the year (a fifth
completed), 3,000 paid orders in roubles and dollars (one in twenty refunded), lesson
progress, submissions, 30 groups with a year of weekly lessons and their attendance, and
``--views`` raw course views spread over the year (PostgreSQL: one INSERT … SELECT over
generate_series; SQLite: bulk_create).

It times the rollup of the whole year (one GROUP BY, the rows replaced) and of one day (the
nightly run), then the school report and one teacher's report, each as the service and as
the API answer (``/api/analytics/…`` through the whole stack, Django's test client) beside
``/bench/ok/`` in the same run, and prints the ratios. The reports read the daily rows,
not the raw views, so their cost follows days and courses, not views.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from .schedule import _django, _NoMigrations

LEARNERS = 8000
ENROLLMENTS = 20000
ORDERS = 3000
GROUPS = 30
TEACHERS = 10


def _database():
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        settings.MIGRATION_MODULES = _NoMigrations()
    else:
        # Migrated: bookings' exclusion constraint needs the btree_gist extension its
        # migration makes (a table straight from the model would not find it).
        settings.DATABASES["default"].setdefault("TEST", {})
        name = settings.DATABASES["default"]["NAME"]
        settings.DATABASES["default"]["TEST"]["NAME"] = f"{name}_bench_analytics"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection, old_name


def _pages(n_courses: int, teachers: list):
    from wagtail.models import Locale, Page

    from courses.models import CourseIndexPage, CoursePage, Currency

    locale, _made = Locale.objects.get_or_create(language_code="ru")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=locale)
    catalog = root.add_child(instance=CourseIndexPage(title="Курсы", slug="courses"))
    courses = []
    for i in range(n_courses):
        teacher = teachers[i % len(teachers)]
        courses.append(
            catalog.add_child(
                instance=CoursePage(
                    title=f"Курс {i + 1:03d}",
                    slug=f"course-{i + 1:03d}",
                    summary="Курс для замера.",
                    status="published",
                    teacher=teacher,
                    owner=teacher,
                    price=Decimal(990 + 500 * (i % 5)),
                    currency=Currency.USD if i % 7 == 0 else Currency.RUB,
                )
            )
        )
    return courses


def _views(courses, count: int, start: datetime, rng: random.Random) -> None:
    from django.db import connection

    from learning.enrollment.models import CourseView

    ids = [c.pk for c in courses]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {CourseView._meta.db_table}
                    (course_id, user_id, session_key, viewed_at, source, device)
                SELECT (%(ids)s::bigint[])[1 + (random() * %(last)s)::int],
                       NULL,
                       'sess' || (random() * 200000)::int,
                       %(start)s::timestamptz + random() * interval '365 days',
                       CASE WHEN random() < 0.3 THEN 'google.com' ELSE '' END,
                       (ARRAY['desktop','mobile','mobile','tablet','bot'])[1 + (random() * 4)::int]
                FROM generate_series(1, %(count)s)
                """,  # noqa: S608 (the table name is the model's)
                {"ids": ids, "last": len(ids) - 1, "start": start, "count": count},
            )
        return
    batch = []
    devices = ["desktop", "mobile", "mobile", "tablet", "bot"]
    for _ in range(count):
        batch.append(
            CourseView(
                course_id=rng.choice(ids),
                session_key=f"sess{rng.randrange(200000)}",
                viewed_at=start + timedelta(seconds=rng.randrange(365 * 86400)),
                source="google.com" if rng.random() < 0.3 else "",
                device=rng.choice(devices),
            )
        )
        if len(batch) == 10000:
            CourseView.objects.bulk_create(batch)
            batch = []
    CourseView.objects.bulk_create(batch)
    # auto_now_add wrote "now" on every row: spread them over the year in one UPDATE.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CourseView._meta.db_table} SET viewed_at = "  # noqa: S608 (the model's table)
            "datetime(%s, '+' || (abs(random()) %% 31536000) || ' seconds')",
            [start.strftime("%Y-%m-%d %H:%M:%S")],
        )


def seed(n_courses: int, n_views: int, rng: random.Random) -> dict:
    from accounts.models import User
    from learning.enrollment.models import Enrollment, LessonProgress
    from learning.homework.models import Homework, Submission
    from learning.payments.models import Order
    from learning.schedule.models import Attendance, Group, LiveLesson, Membership, RecurringLesson

    now = datetime.now(UTC)
    start = now - timedelta(days=365)
    teachers = User.objects.bulk_create(
        User(email=f"teacher{i}@bench.test", role=User.Role.TEACHER, first_name=f"T{i}")
        for i in range(TEACHERS)
    )
    staff = User.objects.create(email="staff@bench.test", is_staff=True)
    learners = User.objects.bulk_create(
        (User(email=f"l{i}@bench.test") for i in range(LEARNERS)), batch_size=2000
    )
    courses = _pages(n_courses, teachers)

    def moment() -> datetime:
        return start + timedelta(seconds=rng.randrange(365 * 86400))

    enrollments, seen = [], set()
    while len(enrollments) < ENROLLMENTS:
        person, course = rng.choice(learners), rng.choice(courses)
        if (person.pk, course.pk) in seen:
            continue
        seen.add((person.pk, course.pk))
        at = moment()
        done = rng.random() < 0.2
        enrollments.append(
            Enrollment(
                user=person,
                course=course,
                source="purchase",
                status="completed" if done else "active",
                completed_at=min(at + timedelta(days=rng.randrange(5, 90)), now) if done else None,
            )
        )
    Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    # enrolled_at is auto_now_add: spread over the year afterwards, in one statement per batch.
    for e in enrollments:
        e.enrolled_at = (e.completed_at or now) - timedelta(days=rng.randrange(1, 120))
    Enrollment.objects.bulk_update(enrollments, ["enrolled_at"], batch_size=2000)
    orders = []
    for i in range(ORDERS):
        course = rng.choice(courses)
        paid = moment()
        refunded = rng.random() < 0.05
        orders.append(
            Order(
                email="x@bench.test",
                course=course,
                course_title=course.title,
                amount=course.price,
                currency=course.currency,
                status="refunded" if refunded else "paid",
                paid_at=paid,
                refunded_at=min(paid + timedelta(days=3), now) if refunded else None,
                checkout_id=f"bench-{i}",
            )
        )
    Order.objects.bulk_create(orders, batch_size=2000)
    from courses.models import LessonPage

    lessons = []
    for course in courses[:10]:
        lessons.append(
            course.add_child(
                instance=LessonPage(title="Урок", slug="lesson", content=[], duration_minutes=15)
            )
        )
    LessonProgress.objects.bulk_create(
        (
            LessonProgress(user=rng.choice(learners), lesson=lesson, status="in_progress")
            for lesson in lessons
            for _ in range(1)
        ),
        ignore_conflicts=True,
    )
    works = [
        Homework.objects.create(
            title=f"Задание {i}",
            lesson=lesson,
            owner=lesson.get_parent().specific.teacher,
            due_at=now,
        )
        for i, lesson in enumerate(lessons)
    ]
    Submission.objects.bulk_create(
        (
            Submission(
                student=rng.choice(learners),
                homework=rng.choice(works),
                attempt=n + 1,
                started_at=moment(),
                submitted_at=moment(),
                status=rng.choice(["graded", "needs_review", "graded"]),
                grade=Decimal(rng.randrange(30, 100)),
            )
            for n in range(5000)
        ),
        batch_size=2000,
    )
    groups, members, rules, stored, marks = [], [], [], [], []
    for g in range(GROUPS):
        course = courses[g % len(courses)]
        groups.append(Group(name=f"Группа {g}", teacher=course.teacher, course=course))
    Group.objects.bulk_create(groups)
    for group in groups:
        people = rng.sample(learners, 10)
        members += [Membership(group=group, student=p) for p in people]
        for weekday in (rng.randrange(7), rng.randrange(7)):
            rules.append(
                RecurringLesson(
                    group=group,
                    teacher_id=group.teacher_id,
                    title=group.name,
                    weekday=weekday,
                    start_time=clock(10 + weekday),
                    end_time=clock(11 + weekday),
                    start_date=start.date(),
                    end_date=(now + timedelta(days=60)).date(),
                    timezone="Europe/Moscow",
                )
            )
        for week in range(52):
            at = start + timedelta(weeks=week, hours=rng.randrange(48))
            stored.append(
                LiveLesson(
                    group=group,
                    teacher_id=group.teacher_id,
                    title=group.name,
                    start=at,
                    end=at + timedelta(hours=1),
                    status="ended",
                )
            )
    Membership.objects.bulk_create(members)
    RecurringLesson.objects.bulk_create(rules)
    LiveLesson.objects.bulk_create(stored, batch_size=2000)
    by_group = {}
    for m in members:
        by_group.setdefault(m.group_id, []).append(m.student_id)
    for lesson in stored:
        for person in by_group[lesson.group_id]:
            marks.append(
                Attendance(
                    lesson=lesson,
                    student_id=person,
                    status=rng.choice(["present", "present", "late", "absent"]),
                )
            )
    Attendance.objects.bulk_create(marks, batch_size=5000)
    _views(courses, n_views, start, rng)
    return {"staff": staff, "teacher": teachers[0], "courses": courses, "now": now}


def timed(function, repeat: int) -> float:
    function()  # warm
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--views", type=int, default=None, help="raw views (1,000,000; SQLite 100,000)"
    )
    parser.add_argument("--courses", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    _django()
    from django.conf import settings

    settings.ROOT_URLCONF = "tests.bench.urls"
    settings.ALLOWED_HOSTS = ["*"]
    connection, old_name = _database()
    try:
        from django.db import connection as conn
        from django.test import Client

        from learning.analytics.models import CourseViewDay
        from learning.analytics.services import rollup, school_report, teacher_report
        from learning.analytics.services.rollup import today

        views = args.views or (1_000_000 if conn.vendor == "postgresql" else 100_000)
        began = time.perf_counter()
        world = seed(args.courses, views, random.Random(2026))
        seeded = time.perf_counter() - began
        first = today() - timedelta(days=366)
        began = time.perf_counter()
        rollup(first, today())
        year_ms = (time.perf_counter() - began) * 1000
        rows = CourseViewDay.objects.count()
        again = timed(lambda: rollup(today() - timedelta(days=1)), args.repeat)
        staff, teacher = world["staff"], world["teacher"]
        client = Client()
        client.force_login(staff)

        def get(url: str):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")

        bare = timed(lambda: get("/bench/ok/"), args.repeat)
        school_service = timed(lambda: school_report(staff), args.repeat)
        school_api = timed(lambda: get("/api/analytics/school/"), args.repeat)
        teacher_service = timed(lambda: teacher_report(staff, teacher), args.repeat)
        teacher_api = timed(
            lambda: get(f"/api/analytics/teachers/{teacher.public_id}/"), args.repeat
        )
        lines = [
            f"Analytics over a year ({conn.vendor}): {views:,} raw views, {args.courses} courses, "
            f"{ENROLLMENTS:,} enrollments, {ORDERS:,} orders; seeded in {seeded:.1f} s",
            f"rollup of the year: {year_ms:,.0f} ms → {rows:,} course-day rows; "
            f"one day again (the nightly run): {again:.1f} ms",
            f"{'':<28} {'median ms':>10} {'× bare':>8}",
            *(
                f"{label:<28} {ms:>10.1f} {ms / bare:>8.1f}"
                for label, ms in (
                    ("bare view /bench/ok/", bare),
                    ("school report (service)", school_service),
                    ("school report (API)", school_api),
                    ("teacher report (service)", teacher_service),
                    ("teacher report (API)", teacher_api),
                )
            ),
            f"(the teacher has {args.courses // TEACHERS} courses: one gradebook each)",
        ]
        print("\n".join(lines))  # noqa: T201
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
