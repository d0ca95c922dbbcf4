"""The gradebook of a course with 200 learners × 60 items: building it, the at-risk rules and
the whole page, beside a bare Django view.

    .venv/bin/python -m tests.bench.gradebook [--learners 200] [--homework 40] [--lessons 20]

One course with ``--homework`` items (homework, tests and control points in turn, due over the
last three months, a few still open) and a group of ``--learners`` with ``--lessons`` lessons
held, every one marked; about 97 % of the work handed in and graded (some late, some waiting,
some returned), a few overrides and excuses. Timed, the median of ``--repeat`` runs:

- ``build``: ``learning.grades.services.build`` (its queries and the arithmetic of every row);
- ``at_risk``: the three rules over the built gradebook (no queries);
- the page: ``/ru/grades/courses/<id>/`` through Django's test client in this process, as the
  course's teacher (build, rules, sorting, 12,000 cells rendered), against a bare view
  answering "ok" through the same middleware; its query count, and again for 20 learners
  (the same: the count does not grow with the size).

It makes a throwaway database like tests/bench/schedule.py (tables from the models; under
DATABASE_URL a PostgreSQL database <name>_bench_schedule) and never touches the development one.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from .schedule import _database, _django, _drop


def seed(learners: int, homework: int, lessons: int, rng: random.Random):
    """The course, its teacher and group; returns (course, teacher, group)."""
    from wagtail.models import Collection, Locale, Page, Site

    from accounts.models import User
    from courses.models import CoursePage
    from learning.enrollment.models import Enrollment
    from learning.grades.models import Adjustment
    from learning.homework.models import Homework, Submission
    from learning.schedule.models import Attendance, Group, LiveLesson, Membership

    now = datetime.now(UTC)
    Collection.add_root(name="Root")  # a new teacher's tutor tools need it
    locale, _ = Locale.objects.get_or_create(language_code="ru")
    root = Page.add_root(title="Root", slug="root", locale=locale)
    Site.objects.create(hostname="testserver", root_page=root, is_default_site=True)
    teacher = User.objects.create_user(
        "teacher@bench.test", "bench-password-1", role=User.Role.TEACHER, first_name="Учитель"
    )
    course = root.add_child(
        instance=CoursePage(
            title="Алгебра", slug="algebra", summary="Курс", teacher=teacher, owner=teacher
        )
    )
    group = Group.objects.create(name="10 «А»", teacher=teacher, course=course, colour="#2f6fed")
    people = User.objects.bulk_create(
        User(
            email=f"learner{i}@bench.test",
            first_name=f"Имя{i}",
            last_name=f"Фамилия{i:03d}",
        )
        for i in range(learners)
    )
    Enrollment.objects.bulk_create(
        Enrollment(user=person, course=course, source="free") for person in people
    )
    Membership.objects.bulk_create(Membership(group=group, student=person) for person in people)
    kinds = [Homework.Kind.HOMEWORK, Homework.Kind.TEST, Homework.Kind.CONTROL_POINT]
    works = Homework.objects.bulk_create(
        Homework(
            title=f"Работа {i + 1}",
            course=course,
            owner=teacher,
            kind=kinds[i % 3],
            weight=Decimal(1 + i % 2),
            # Due over the last 90 days; the last few still open.
            due_at=now - timedelta(days=90 - i * 95 // homework),
        )
        for i in range(homework)
    )
    held = LiveLesson.objects.bulk_create(
        LiveLesson(
            group=group,
            teacher=teacher,
            title=f"Урок {i + 1}",
            start=now - timedelta(days=90 - i * 88 // lessons, hours=2),
            end=now - timedelta(days=90 - i * 88 // lessons, hours=1),
            status="ended",
        )
        for i in range(lessons)
    )
    status = Submission.Status
    submissions = []
    for person in people:
        for work in works:
            if work.due_at > now or rng.random() < 0.03:
                continue
            roll = rng.random()
            state = (
                status.NEEDS_REVIEW
                if roll < 0.05
                else status.RETURNED
                if roll < 0.08
                else status.GRADED
            )
            submissions.append(
                Submission(
                    student=person,
                    homework=work,
                    attempt=1,
                    started_at=work.due_at - timedelta(days=2),
                    submitted_at=work.due_at - timedelta(days=1),
                    status=state,
                    grade=None if state == status.NEEDS_REVIEW else Decimal(rng.randint(30, 100)),
                    is_late=rng.random() < 0.05,
                )
            )
    Submission.objects.bulk_create(submissions, batch_size=2000)
    marks = [Attendance.Status.PRESENT] * 8 + [Attendance.Status.LATE, Attendance.Status.ABSENT]
    Attendance.objects.bulk_create(
        (
            Attendance(lesson=lesson, student=person, status=rng.choice(marks))
            for person in people
            for lesson in held
        ),
        batch_size=2000,
    )
    Adjustment.objects.bulk_create(
        Adjustment(
            course=course,
            student=person,
            item=f"homework:{rng.choice(works).pk}" if i % 2 else "final",
            override=Decimal(rng.randint(50, 100)),
            excused=i % 4 == 1,
            reason="Bench",
            updated_by=teacher,
        )
        for i, person in enumerate(people[:: max(1, learners // 20)])
    )
    return course, teacher, group, len(submissions)


def _btree_gist(sender, connection, **kwargs) -> None:
    """Bookings' exclusion constraint needs btree_gist, which its migration makes; tables made
    from the models skip migrations, so the throwaway database gets it on connecting."""
    name = connection.settings_dict["NAME"] or ""
    if connection.vendor == "postgresql" and name.endswith("_bench_schedule"):
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")


def timed(function, repeat: int) -> tuple[float, object]:
    function()  # warm
    samples, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), result


def queries_of(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200, help="learners (200)")
    parser.add_argument("--homework", type=int, default=40, help="homework items (40)")
    parser.add_argument("--lessons", type=int, default=20, help="lessons held (20)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per target (10)")
    args = parser.parse_args()

    _django()
    from django.db.backends.signals import connection_created

    connection_created.connect(_btree_gist)
    began = time.perf_counter()
    connection, old_name = _database()
    try:
        from django.test import Client
        from django.test.utils import override_settings
        from django.urls import reverse
        from django.utils import translation

        from learning.grades import services

        rng = random.Random(2026)
        course, teacher, _group, handed = seed(args.learners, args.homework, args.lessons, rng)
        seeded = time.perf_counter() - began
        translation.activate("ru")
        build_ms, book = timed(lambda: services.build(course), args.repeat)
        build_queries = queries_of(lambda: services.build(course))
        risk_ms, reasons = timed(lambda: services.at_risk(book), args.repeat)
        cells = sum(len(row.cells) for row in book.rows)

        client = Client()
        client.force_login(teacher)
        with override_settings(ROOT_URLCONF="tests.bench.urls", ALLOWED_HOSTS=["*"]):
            url = reverse("grades:course", args=[course.pk])

            def get(address):
                response = client.get(address)
                assert response.status_code == 200, (address, response.status_code)
                return response

            bare_ms, _ = timed(lambda: get("/bench/ok/"), args.repeat * 5)
            page_ms, response = timed(lambda: get(url), args.repeat)
            page_queries = queries_of(lambda: get(url))
            size = len(response.content)
            # The same page for 20 learners: the query count must not change.
            from learning.enrollment.models import Enrollment

            keep = list(
                Enrollment.objects.filter(course=course).order_by("pk").values_list("pk")[:20]
            )
            Enrollment.objects.filter(course=course).exclude(pk__in=[k for (k,) in keep]).update(
                status=Enrollment.Status.REFUNDED
            )
            small_queries = queries_of(lambda: get(url))

        lines = [
            f"Gradebook of {args.learners} learners × {len(book.columns)} items "
            f"({connection.vendor}; {cells:,} cells, {handed:,} submissions; "
            f"seeded in {seeded:.1f} s; median of {args.repeat})",
            f"{'target':<34} {'queries':>8} {'median ms':>10} {'× bare':>8}",
            f"{'bare view':<34} {0:>8} {bare_ms:>10.2f} {1:>8.2f}",
            f"{'build (services.build)':<34} {build_queries:>8} {build_ms:>10.1f} "
            f"{build_ms / bare_ms:>8.0f}",
            f"{'at_risk (' + str(len(reasons)) + ' learners at risk)':<34} {0:>8} "
            f"{risk_ms:>10.1f} {risk_ms / bare_ms:>8.0f}",
            f"{'the page (' + f'{size / 1024:,.0f}' + ' KiB)':<34} {page_queries:>8} "
            f"{page_ms:>10.1f} {page_ms / bare_ms:>8.0f}",
            f"The page's queries for 20 learners: {small_queries} "
            f"(for {args.learners}: {page_queries}; the same means the count does not grow).",
        ]
        print("\n".join(lines))  # noqa: T201
    finally:
        _drop(connection, old_name)


if __name__ == "__main__":
    main()
