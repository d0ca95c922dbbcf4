"""The feed page of a learner following 50 tutors, with 10,000 video posts on the site,
beside a bare Django view.

    .venv/bin/python -m tests.bench.feed [--posts 10000] [--tutors 300] [--follows 50]

Seeds ``--tutors`` published tutor pages (through Wagtail's ``add_child``: a few hundred)
and ``--posts`` video posts spread over them and over the last 90 days, with likes and
comments counted in their ``PostStats`` rows. Posts are written straight into the page
tree: the ``wagtailcore_page`` rows by ``bulk_create`` with their treebeard paths computed
here (``Page._get_path``: each tutor's children numbered 1…n, the tutor's ``numchild``
set once), then the ``courses_tutorvideopage`` rows in one ``executemany`` (Django cannot
bulk-create a multi-table child). The tree is the one ``add_child`` would make, in seconds
instead of minutes; nothing the feed reads (path, depth, live, locale, url_path,
first_published_at, content type) differs. The learner follows ``--follows`` tutors, has
an enrollment in a course of one subject and interests naming another.

Timed, the median of ``--repeat`` runs through Django's test client in this process:
``/ru/feed/`` (newest), ``/ru/feed/?sort=popular`` (the decayed score over every post),
a deep page of it, and a newcomer's feed (follows nobody), each beside ``/bench/ok/``, with
the query count of each (the same: it does not grow with the posts). The throwaway database
is made like tests/bench/schedule.py's (SQLite in memory, or PostgreSQL with DATABASE_URL).
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from .gradebook import _btree_gist, queries_of, timed
from .schedule import _database, _django, _drop

VIDEO = json.dumps(
    [
        {
            "type": "video",
            "id": "00000000-0000-0000-0000-000000000000",
            "value": {"embed": "https://www.youtube.com/watch?v=abc", "file": None, "caption": ""},
        }
    ]
)


def seed(n_posts: int, n_tutors: int, n_follows: int, rng: random.Random) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Collection, Locale, Page, Site

    from accounts.models import StudentProfile, TeacherProfile, User
    from community.models import Follow, PostStats
    from courses.models import Category, CoursePage, TutorIndexPage, TutorPage, TutorVideoPage
    from learning.enrollment.models import Enrollment

    now = datetime.now(UTC)
    Collection.add_root(name="Root")
    locale, _ = Locale.objects.get_or_create(language_code="ru")
    root = Page.add_root(title="Root", slug="root", locale=locale)
    Site.objects.create(hostname="testserver", root_page=root, is_default_site=True)
    index = root.add_child(instance=TutorIndexPage(title="Репетиторы", slug="tutors"))
    subjects = [
        Category.objects.create(name=name, slug=f"s{i}", locale=locale)
        for i, name in enumerate(["Математика", "Физика", "Музыка", "Химия", "Английский"])
    ]
    teachers = User.objects.bulk_create(
        User(email=f"t{i}@bench.test", role=User.Role.TEACHER, first_name=f"Tutor {i}")
        for i in range(n_tutors)
    )
    TeacherProfile.objects.bulk_create(TeacherProfile(user=u) for u in teachers)
    tutors = []
    for i, user in enumerate(teachers):
        page = TutorPage(
            title=f"Репетитор {i}",
            slug=f"tutor-{i}",
            headline="Bench",
            user=user,
            owner=user,
            hourly_price=Decimal(1000),
            live=True,
            first_published_at=now,
        )
        index.add_child(instance=page)
        tutors.append(page)
    TutorPage.subjects.through.objects.bulk_create(
        TutorPage.subjects.through(tutorpage=p, category=subjects[i % len(subjects)])
        for i, p in enumerate(tutors)
    )

    # The posts: page rows with their paths, then the video rows.
    content_type = ContentType.objects.get_for_model(TutorVideoPage)
    per_tutor = [
        n_posts // n_tutors + (1 if i < n_posts % n_tutors else 0) for i in range(n_tutors)
    ]
    pages, owners = [], []
    for tutor, count in zip(tutors, per_tutor, strict=True):
        for n in range(1, count + 1):
            published = now - timedelta(minutes=rng.randint(1, 90 * 24 * 60))
            slug = f"video-{n}"
            pages.append(
                Page(
                    path=Page._get_path(tutor.path, tutor.depth + 1, n),
                    depth=tutor.depth + 1,
                    numchild=0,
                    title=f"Видео {tutor.pk}-{n}",
                    draft_title=f"Видео {tutor.pk}-{n}",
                    slug=slug,
                    url_path=f"{tutor.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    live=True,
                    owner_id=tutor.user_id,
                    first_published_at=published,
                    last_published_at=published,
                )
            )
            owners.append(tutor)
    Page.objects.bulk_create(pages, batch_size=2000)
    for tutor, count in zip(tutors, per_tutor, strict=True):
        Page.objects.filter(pk=tutor.pk).update(numchild=count)
    table = TutorVideoPage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, video, description) VALUES (%s, %s, %s)",  # noqa: S608
            [(p.pk, VIDEO, "Короткое видео для стенда.") for p in pages],
        )
    PostStats.objects.bulk_create(
        (
            PostStats(
                post_id=p.pk,
                tutor_id=tutor.user_id,
                tutor_page_id=tutor.pk,
                published_at=p.first_published_at,
                like_count=int(rng.paretovariate(1.5)) - 1,
                comment_count=rng.randint(0, 5),
            )
            for p, tutor in zip(pages, owners, strict=True)
        ),
        batch_size=2000,
    )

    learner = User.objects.create_user("learner@bench.test", "bench-password-1")
    StudentProfile.objects.update_or_create(
        user=learner, defaults={"interests": "Физика, программирование"}
    )
    course = root.add_child(
        instance=CoursePage(
            title="Алгебра",
            slug="algebra",
            summary="Курс",
            teacher=teachers[0],
            owner=teachers[0],
            category=subjects[0],
        )
    )
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.FREE)
    Follow.objects.bulk_create(
        Follow(follower=learner, tutor_id=t.user_id) for t in rng.sample(tutors, n_follows)
    )
    newcomer = User.objects.create_user("newcomer@bench.test", "bench-password-1")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh tables: the planner's figures, as autovacuum's
    return {"learner": learner, "newcomer": newcomer, "posts": len(pages)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000, help="video posts (10,000)")
    parser.add_argument("--tutors", type=int, default=300, help="tutors (300)")
    parser.add_argument("--follows", type=int, default=50, help="tutors the learner follows (50)")
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
        from django.utils import translation

        from community import services

        world = seed(args.posts, args.tutors, args.follows, random.Random(2026))
        seeded = time.perf_counter() - began
        translation.activate("ru")
        learner, newcomer = Client(), Client()
        learner.force_login(world["learner"])
        newcomer.force_login(world["newcomer"])
        rows = []
        with override_settings(ROOT_URLCONF="tests.bench.urls", ALLOWED_HOSTS=["*"]):

            def get(client, address):
                response = client.get(address)
                assert response.status_code == 200, (address, response.status_code)
                return response

            bare_ms, _ = timed(lambda: get(learner, "/bench/ok/"), args.repeat * 5)
            rows.append(("bare view /bench/ok/", 0, bare_ms))
            person = world["learner"]
            for sort in ("new", "popular"):
                ms, _ = timed(lambda s=sort: list(services.feed(person, s, 1)), args.repeat)
                queries = queries_of(lambda s=sort: list(services.feed(person, s, 1)))
                rows.append((f"services.feed, {sort}", queries, ms))
            for label, client, url in [
                ("feed, newest", learner, "/ru/feed/"),
                ("feed, popular", learner, "/ru/feed/?sort=popular"),
                ("feed, popular, page 200", learner, "/ru/feed/?sort=popular&page=200"),
                ("newcomer's feed, popular", newcomer, "/ru/feed/?sort=popular"),
            ]:
                ms, _ = timed(lambda c=client, u=url: get(c, u), args.repeat)
                rows.append((label, queries_of(lambda c=client, u=url: get(c, u)), ms))
        lines = [
            f"Feed of a learner following {args.follows} tutors, {world['posts']:,} posts of "
            f"{args.tutors} tutors ({connection.vendor}; seeded in {seeded:.1f} s; "
            f"median of {args.repeat})",
            f"{'target':<28} {'queries':>8} {'median ms':>10} {'× bare':>8}",
            *(
                f"{label:<28} {queries:>8} {ms:>10.1f} {ms / bare_ms:>8.1f}"
                for label, queries, ms in rows
            ),
        ]
        print("\n".join(lines))  # noqa: T201
    finally:
        _drop(connection, old_name)


if __name__ == "__main__":
    main()
