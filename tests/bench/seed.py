"""Seed a fresh PostgreSQL database for the benchmark: the demo site plus 1,000 courses.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ustat_bench \\
        .venv/bin/python -m tests.bench.seed [--courses 1000] [--lessons 10] [--drop]

It (re)creates the database named in BENCH_DATABASE_URL (its name must contain "bench": this
drops it first), migrates it, loads the demo site (`load_demo_data --force`), then adds
categories, teachers, cover images, a catalog and the courses with their lessons, 500
published reviews (by 500 learners, a third with the teacher's reply) on one course, and builds
the search index. The database is left in place for `python -m tests.bench.run --reuse`;
`run` without `--reuse` seeds it again and drops it when it ends.

Pages are written in bulk: Wagtail's `add_child` took 29 queries and 30 ms per lesson here
(search and reference-index signals included), over 5 minutes for 11,000 pages. Instead the
tree paths are computed with treebeard's own arithmetic and each table (wagtailcore_page,
then the course or lesson table) gets one multi-row INSERT per 1,000 pages, about 5 s in all;
the search index is then built once with `update_index`.
"""

import argparse
import io
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"

import django  # noqa: E402

BATCH = 1000
SEED = 2026

# Top categories, each with its sub-categories (courses sit in a sub-category) and subjects.
CATEGORIES = {
    ("Программирование", "programming", "device-laptop"): {
        ("Python", "python"): ["Python", "Django", "Анализ данных на Python"],
        ("Веб-разработка", "web-development"): ["JavaScript", "HTML и CSS", "React"],
        ("Базы данных", "databases"): ["SQL", "PostgreSQL", "Проектирование баз данных"],
    },
    ("Математика", "mathematics", "math"): {
        ("Алгебра", "algebra"): ["Алгебра", "Уравнения и неравенства", "Функции и графики"],
        ("Геометрия", "geometry"): ["Планиметрия", "Стереометрия", "Векторы"],
        ("Теория вероятностей", "probability"): ["Комбинаторика", "Статистика", "Вероятность"],
    },
    ("Иностранные языки", "languages", "world"): {
        ("Английский", "english"): ["Английский язык", "Деловой английский", "IELTS"],
        ("Немецкий", "german"): ["Немецкий язык", "Немецкая грамматика", "Goethe-Zertifikat"],
        ("Китайский", "chinese"): ["Китайский язык", "Иероглифика", "HSK"],
    },
    ("Естественные науки", "science", "microscope"): {
        ("Физика", "physics"): ["Механика", "Электричество", "Оптика"],
        ("Химия", "chemistry"): ["Общая химия", "Органическая химия", "Химия для ЕГЭ"],
        ("Биология", "biology"): ["Ботаника", "Анатомия", "Генетика"],
    },
    ("Дизайн", "design", "palette"): {
        ("Графический дизайн", "graphic-design"): ["Композиция", "Типографика", "Figma"],
        ("Интерфейсы", "ui-ux"): ["UX-исследования", "Дизайн интерфейсов", "Прототипирование"],
        ("Иллюстрация", "illustration"): ["Рисунок", "Цифровая иллюстрация", "Скетчинг"],
    },
    ("Подготовка к экзаменам", "exams", "school"): {
        ("ЕГЭ", "ege"): ["ЕГЭ по русскому языку", "ЕГЭ по обществознанию", "ЕГЭ по истории"],
        ("ОГЭ", "oge"): ["ОГЭ по математике", "ОГЭ по русскому языку", "ОГЭ по физике"],
        ("Олимпиады", "olympiads"): ["Олимпиадная математика", "Олимпиадная информатика"],
    },
}
SUBJECTS = {slug: subjects for subs in CATEGORIES.values() for (_, slug), subjects in subs.items()}
SEARCH_QUERY = "математика"
FEW_HITS_QUERY = "Иероглифика"  # one subject of 60: about 15 courses
MANY_HITS_QUERY = "урок"  # every lesson's title: 10,000 hits
LEARNER = "bench-learner@bench.test"
TIMETABLE = "bench-week"  # the teacher of tests/bench/schedule.py's 200 weekly rules
FLAVOURS = [
    "с нуля",
    "для начинающих",
    "практикум",
    "интенсив",
    "продвинутый уровень",
    "для работы",
    "разбор задач",
    "полный курс",
]
LESSON_TOPICS = [
    "Введение",
    "Основные понятия",
    "Первые шаги",
    "Практика",
    "Типичные ошибки",
    "Разбор примеров",
    "Самостоятельная работа",
    "Углубляемся",
    "Повторение",
    "Итоговое задание",
]
PRICES = [Decimal(p) for p in ("490", "990", "1490", "2490", "2990", "4990", "9990", "14990")]
FIRST_NAMES = ["Ирина", "Дмитрий", "Ольга", "Сергей", "Мария", "Алексей", "Наталья", "Павел"]
LAST_NAMES = ["Соколов", "Орлов", "Смирнов", "Волков", "Лебедев", "Морозов", "Новиков"]
COVER_SPECS = ("fill-480x270", "fill-640x360", "fill-1200x630")
REVIEWS = 500
REVIEW_TEXTS = [
    "Понятные объяснения и много практики: за месяц разобрался в теме.",
    "Хороший темп, задания проверяют быстро. Хотелось бы больше примеров.",
    "Лучший курс, который я проходил: всё по делу, без воды.",
    "Материал полезный, но некоторые уроки стоит обновить.",
    "Преподаватель отвечает на вопросы подробно и по-доброму.",
]


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def setup() -> None:
    django.setup()


# --- The database -------------------------------------------------------------------------


def database_name() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        raise SystemExit(f"The bench needs PostgreSQL; BENCH_DATABASE_URL gives {db['ENGINE']}")
    if "bench" not in db["NAME"]:
        raise SystemExit(
            f"Refusing to drop and create {db['NAME']!r}: the bench database's name must "
            "contain 'bench' (set BENCH_DATABASE_URL)."
        )
    return db["NAME"]


def _maintenance(sql: str) -> None:
    """Run one statement on the server's maintenance database, outside a transaction."""
    import psycopg
    from django.conf import settings
    from psycopg import sql as pgsql

    db = settings.DATABASES["default"]
    params = {
        "dbname": "postgres",
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        conn.execute(pgsql.SQL(sql).format(name=pgsql.Identifier(database_name())))


def recreate_database() -> None:
    from django.db import connections

    connections.close_all()
    _maintenance("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _maintenance("CREATE DATABASE {name}")


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    _maintenance("DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- Content ------------------------------------------------------------------------------


def _categories(locale) -> list:
    """The sub-categories courses go in (parents loaded); ones the demo made are reused."""
    from courses.models import Category

    def category(slug: str, **fields) -> Category:
        found = Category.objects.select_related("parent").filter(locale=locale, slug=slug)
        return found.first() or Category.objects.create(locale=locale, slug=slug, **fields)

    children = []
    for i, ((name, slug, icon), subs) in enumerate(CATEGORIES.items()):
        top = category(slug, name=name, icon=icon, sort_order=10 + i)
        for j, (sub_name, sub_slug) in enumerate(subs):
            children.append(category(sub_slug, name=sub_name, parent=top, sort_order=j))
    return children


def _teachers(count: int) -> list:
    from accounts.models import User

    teachers = []
    for i in range(count):
        user = User(
            email=f"bench-teacher-{i}@ustat.test",
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name=LAST_NAMES[i % len(LAST_NAMES)],
            role=User.Role.TEACHER,
        )
        user.set_unusable_password()
        teachers.append(user)
    return User.objects.bulk_create(teachers)


def _covers(count: int, rng: random.Random) -> list:
    """Cover images with the renditions the catalog and course pages ask for, made up front."""
    from django.core.files.images import ImageFile
    from PIL import Image

    from home.models import CustomImage

    images = []
    for i in range(count):
        buffer = io.BytesIO()
        colour = tuple(rng.randrange(40, 220) for _ in range(3))
        Image.new("RGB", (1600, 900), colour).save(buffer, "JPEG", quality=80)
        image = CustomImage(title=f"Обложка {i + 1}")
        image.file = ImageFile(buffer, name=f"bench-cover-{i + 1}.jpg")
        image.save()
        image.get_renditions(*COVER_SPECS)
        images.append(image)
    return images


def _catalog(home):
    from courses.models import CourseIndexPage

    catalog = CourseIndexPage.objects.child_of(home).first()
    if catalog is None:
        catalog = CourseIndexPage(
            title="Курсы",
            slug="courses",
            introduction="Курсы для любого уровня: в своём темпе, в группе или с репетитором.",
        )
        home.add_child(instance=catalog)
        catalog.save_revision().publish()
    return catalog


def _insert_pages(model, pages: list) -> None:
    """INSERT the pages' wagtailcore_page rows, then their own table's rows, in batches.

    Django's bulk_create refuses multi-table inheritance, so this is what Model.save() does
    (QuerySet._insert, one table at a time), for many rows at once.
    """
    from wagtail.models import Page

    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    own_fields = list(model._meta.local_concrete_fields)
    for start in range(0, len(pages), BATCH):
        batch = pages[start : start + BATCH]
        rows = Page.objects._insert(batch, fields=page_fields, returning_fields=[Page._meta.pk])
        for page, (pk,) in zip(batch, rows, strict=True):
            page.id = page.page_ptr_id = pk
        model.objects._insert(batch, fields=own_fields)
        for page in batch:
            page._state.adding = False


def _courses(catalog, categories, teachers, covers, count: int, lessons: int, rng) -> None:
    from django.utils import timezone
    from wagtail.models import Page

    from courses.models import CoursePage, CourseStatus, CourseType, Currency, LessonPage

    now = timezone.now()
    first_step = (catalog.get_last_child()._get_lastpos_in_path() + 1) if catalog.numchild else 1
    depth = catalog.depth + 1
    courses = []
    for i in range(count):
        category = rng.choice(categories)
        subject = rng.choice(SUBJECTS[category.slug])
        title = f"{subject}: {rng.choice(FLAVOURS)}"
        slug = f"course-{i + 1:04d}"
        published = now - timedelta(days=rng.randrange(730), minutes=rng.randrange(1440))
        free = rng.random() < 0.25
        reviews = rng.choice([0, 0, rng.randrange(1, 40), rng.randrange(40, 900)])
        teacher = rng.choice(teachers)
        courses.append(
            CoursePage(
                title=title,
                draft_title=title,
                slug=slug,
                path=Page._get_path(catalog.path, depth, first_step + i),
                depth=depth,
                numchild=lessons,
                url_path=f"{catalog.url_path}{slug}/",
                locale_id=catalog.locale_id,
                owner=teacher,
                teacher=teacher,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                summary=(
                    f"«{title}» — курс по теме «{category}»: "
                    "короткие уроки, практика и проверка домашних заданий."
                ),
                description=[
                    {"type": "heading", "value": {"text": "О курсе", "size": "h2"}},
                    {
                        "type": "paragraph",
                        "value": (
                            f"<p>{subject} — шаг за шагом, от основ до уверенной практики. "
                            "Каждый урок заканчивается заданием, преподаватель проверяет "
                            "ответы и помогает разобрать ошибки.</p>"
                        ),
                    },
                ],
                cover=rng.choice(covers) if covers and rng.random() < 0.8 else None,
                category=category,
                course_type=rng.choice(CourseType.values),
                level=rng.choice(["beginner", "beginner", "intermediate", "advanced"]),
                language="ru" if rng.random() < 0.8 else "en",
                price=Decimal("0") if free else rng.choice(PRICES),
                currency=Currency.RUB if rng.random() < 0.9 else Currency.USD,
                duration_hours=rng.randrange(2, 60),
                status=CourseStatus.PUBLISHED,
                published_at=published,
                lessons_count=lessons,
                students_count=rng.choice([0, rng.randrange(1, 100), rng.randrange(100, 5000)]),
                average_rating=(
                    Decimal(rng.randrange(250, 501)) / 100 if reviews else Decimal("0")
                ),
                reviews_count=reviews,
            )
        )
    _insert_pages(CoursePage, courses)
    Page.objects.filter(pk=catalog.pk).update(numchild=catalog.numchild + count)

    lesson_pages = []
    for course in courses:
        for j in range(lessons):
            title = f"Урок {j + 1}. {LESSON_TOPICS[j % len(LESSON_TOPICS)]}"
            slug = f"lesson-{j + 1}"
            published = course.first_published_at + timedelta(minutes=j)
            lesson_pages.append(
                LessonPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(course.path, depth + 1, j + 1),
                    depth=depth + 1,
                    numchild=0,
                    url_path=f"{course.url_path}{slug}/",
                    locale_id=course.locale_id,
                    owner_id=course.owner_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    duration_minutes=rng.choice([10, 15, 20, 30, 45]),
                    is_free=j == 0,
                    content=[
                        {"type": "heading", "value": {"text": title, "size": "h2"}},
                        {
                            "type": "paragraph",
                            "value": (
                                f"<p>В этом уроке курса «{course.title}» разбираем тему "
                                f"«{LESSON_TOPICS[j % len(LESSON_TOPICS)].lower()}» на "
                                "примерах и закрепляем её упражнениями.</p>"
                            ),
                        },
                    ],
                )
            )
    _insert_pages(LessonPage, lesson_pages)


def _reviews(course, count: int, rng) -> None:
    """``count`` published reviews of the course by as many new learners (ratings mostly 4–5),
    a third answered by the teacher; the course's figures are then counted from them by the
    reviews app (``services.recount``), as a publication would."""
    from django.utils import timezone

    from accounts.models import User
    from reviews import services
    from reviews.models import Review, ReviewReply

    learners = []
    for i in range(count):
        user = User(
            email=f"bench-learner-{i}@ustat.test",
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name=LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)],
        )
        user.set_unusable_password()
        learners.append(user)
    learners = User.objects.bulk_create(learners, batch_size=BATCH)
    now = timezone.now()
    reviews = Review.objects.bulk_create(
        [
            Review(
                author=learner,
                course=course,
                course_key=course.translation_key,
                rating=rng.choice([5, 5, 5, 4, 4, 3, 2, 1]),
                text=rng.choice(REVIEW_TEXTS),
                language="ru",
                status=Review.Status.PUBLISHED,
                published_at=now - timedelta(hours=i),
            )
            for i, learner in enumerate(learners)
        ],
        batch_size=BATCH,
    )
    ReviewReply.objects.bulk_create(
        [
            ReviewReply(
                review=review,
                author_id=course.teacher_id,
                text="Спасибо за отзыв! Рад, что курс пригодился.",
                status=ReviewReply.Status.PUBLISHED,
                published_at=now,
            )
            for review in reviews[::3]
        ],
        batch_size=BATCH,
    )
    services.recount(course)


def reviewed_course():
    """The course the seed gave its reviews: the one with the most published reviews."""
    from django.db.models import Count

    from courses.models import CoursePage
    from reviews.models import Review

    top = (
        Review.objects.filter(status=Review.Status.PUBLISHED, course__isnull=False)
        .values("course_key")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if top is None:
        return None
    return CoursePage.objects.live().filter(translation_key=top["course_key"]).first()


def _step(name: str, timings: dict[str, float], function: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = function()
    timings[name] = time.perf_counter() - started
    say(f"  {name:<28} {timings[name]:6.1f} s")
    return result


def seed(courses: int = 1000, lessons: int = 10, covers: int = 12) -> dict[str, float]:
    """Migrate the (empty) bench database and fill it. Returns the seconds each step took."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Locale

    from home.models import HomePage

    rng = random.Random(SEED)
    timings: dict[str, float] = {}
    quiet = io.StringIO()
    _step("migrate", timings, lambda: call_command("migrate", verbosity=0, stdout=quiet))
    _step(
        "load_demo_data --force",
        timings,
        lambda: call_command("load_demo_data", force=True, stdout=quiet),
    )

    def content() -> None:
        with transaction.atomic():
            ru = Locale.objects.get(language_code="ru")
            home = HomePage.objects.get(locale=ru, depth=2)
            categories = _categories(ru)
            teachers = _teachers(40)
            images = _covers(covers, rng)
            catalog = _catalog(home)
            _courses(catalog, categories, teachers, images, courses, lessons, rng)

    def reviews() -> None:
        from courses.models import CoursePage

        # The course after the one "course page" measures (course-0501), or the last one.
        listed = CoursePage.objects.live().child_of(_catalog_of_ru()).order_by("path")
        course = listed.filter(slug="course-0501").first() or listed.last()
        with transaction.atomic():
            _reviews(course, REVIEWS, rng)

    _step(f"{courses} courses × {lessons} lessons", timings, content)
    _step(f"{REVIEWS} reviews of one course", timings, reviews)
    _step("update_index", timings, lambda: call_command("update_index", verbosity=0))
    _step("vacuum analyze", timings, vacuum_analyze)
    # Wagtail keeps the site's root paths in the cache: start from a clean bench cache.
    cache.clear()
    return timings


def _catalog_of_ru():
    from courses.models import CourseIndexPage

    return CourseIndexPage.objects.live().filter(locale__language_code="ru").first()


def vacuum_analyze() -> None:
    """Fresh statistics, as a database that has been running a while has (autovacuum)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def collect_static(timings: dict[str, float] | None = None) -> None:
    """collectstatic into the bench's STATIC_ROOT: WhiteNoise and the manifest, as deployed."""
    from django.core.management import call_command

    _step(
        "collectstatic",
        {} if timings is None else timings,
        lambda: call_command("collectstatic", interactive=False, verbosity=0),
    )


def targets(query: str = SEARCH_QUERY) -> dict[str, str]:
    """The URLs to measure, read from the seeded database."""
    from urllib.parse import urlencode

    from courses.models import Category, CourseIndexPage, CoursePage

    catalog = CourseIndexPage.objects.live().filter(locale__language_code="ru").first()
    if catalog is None:
        raise SystemExit("No course catalog in the bench database: seed it first.")
    course = (
        CoursePage.objects.live().child_of(catalog).filter(slug="course-0500").first()
        or CoursePage.objects.live().child_of(catalog).order_by("path").first()
    )
    category = Category.objects.get(slug="programming", locale=catalog.locale)
    catalog_url = catalog.get_url()
    filters = (
        f"category={category.slug}&level=beginner&language=ru&type=self_paced"
        "&price_max=10000&rating_min=3&ordering=popular"
    )
    reviewed = reviewed_course()
    return {
        "bare view": "/bench/ok/",
        "catalog": catalog_url,
        "catalog, filtered": f"{catalog_url}?{filters}",
        "course page": course.get_url(),
        **(
            {f"course page, {reviewed.reviews_count} reviews": reviewed.get_url()}
            if reviewed is not None
            else {}
        ),
        "search": f"/{catalog.locale.language_code}/search/?{urlencode({'q': query})}",
        "search, ~15 hits": f"/ru/search/?{urlencode({'q': FEW_HITS_QUERY})}",
        "search, 10,000 hits": f"/ru/search/?{urlencode({'q': MANY_HITS_QUERY})}",
        # Middleware, the site, routing and view restrictions, then "ok" (tests/bench/urls.py).
        "routing floor": "/ru/bench-routed" + course.get_url().removeprefix("/ru"),
        "API: courses": "/api/courses/",
    }


def signed_in() -> dict[str, tuple[str, str]]:
    """Targets asked with a session: name → (URL, Cookie header). A learner enrolled in the
    course page's course, and a teacher with 200 weekly rules (a week ≈ 130 occurrences)."""
    import random as _random
    from datetime import UTC, datetime, timedelta

    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from learning.enrollment.models import Enrollment

    from . import schedule

    course = targets_course()
    learner = User.objects.filter(email=LEARNER).first() or User.objects.create_user(
        LEARNER, "bench-password-1"
    )
    Enrollment.objects.get_or_create(user=learner, course=course, defaults={"source": "manual"})
    teacher = User.objects.filter(email=f"{TIMETABLE}@bench.test").first()
    if teacher is None:
        today = datetime.now(UTC).date()
        teacher, _stored = schedule.seed(
            200, timedelta(days=14), today, _random.Random(SEED), TIMETABLE
        )
    cookies = {}
    for person in (learner, teacher):
        client = Client()
        client.force_login(person)
        cookies[person.pk] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    monday = datetime.now(UTC).date() - timedelta(days=datetime.now(UTC).weekday())
    lesson = course.lessons().first()
    return {
        "learner: course page": (course.get_url(), cookies[learner.pk]),
        "learner: lesson page": (lesson.get_url(), cookies[learner.pk]),
        "learner: cabinet": ("/ru/cabinet/", cookies[learner.pk]),
        "teacher: events, a week": (
            f"/api/schedule/events/?start={monday}&end={monday + timedelta(days=7)}",
            cookies[teacher.pk],
        ),
    }


def targets_course():
    from courses.models import CoursePage

    listed = CoursePage.objects.live().child_of(_catalog_of_ru())
    return listed.filter(slug="course-0500").first() or listed.order_by("path").first()


def counts() -> dict[str, int]:
    from wagtail.models import Page

    from courses.models import CoursePage, LessonPage
    from reviews.models import Review

    return {
        "pages": Page.objects.count(),
        "courses": CoursePage.objects.live().count(),
        "lessons": LessonPage.objects.live().count(),
        "reviews": Review.objects.filter(status=Review.Status.PUBLISHED).count(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--courses", type=int, default=1000)
    parser.add_argument("--lessons", type=int, default=10, help="lessons per course")
    parser.add_argument(
        "--drop", action="store_true", help="only drop the database and var/bench/ (after --keep)"
    )
    args = parser.parse_args(argv)
    setup()
    if args.drop:
        import shutil

        from django.conf import settings

        say(f"Dropping {database_name()} and {settings.BENCH_DIR}.")
        from django.core.cache import cache

        cache.clear()  # the bench's own Redis database
        drop_database()
        shutil.rmtree(settings.BENCH_DIR, ignore_errors=True)
        return
    say(f"Seeding {database_name()} (dropped and created again):")
    started = time.perf_counter()
    recreate_database()
    seed(args.courses, args.lessons)
    collect_static()
    say(f"  {'total':<28} {time.perf_counter() - started:6.1f} s")
    say(f"  {counts()}")
    for name, url in targets().items():
        say(f"  {name:<18} {url}")


if __name__ == "__main__":
    main()
