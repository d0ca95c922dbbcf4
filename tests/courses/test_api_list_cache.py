"""The catalog API's list (issue 19, goal 6): the same bytes as CourseSerializer gave, whether
computed or answered from the shared cache, and every write that changes a card is seen by
the next request."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from courses import services
from courses.api.serializers import CourseSerializer
from courses.models import CoursePage
from learning.enrollment.models import Enrollment
from reviews import services as reviews
from reviews.models import Review

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .factories import CategoryFactory, CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(catalog):
    """Four courses of every shape a card has, newest last."""
    start = timezone.now() - timedelta(days=10)
    science = CategoryFactory(slug="science", name="Наука", icon="atom")
    made = [
        CoursePageFactory(
            parent=catalog,
            title="Оптика",
            slug="оптика",  # a Unicode slug: its address is percent-encoded
            summary="Свет и линзы — «с нуля».",
            category=CategoryFactory(slug="optics", parent=science, icon="microscope"),
            teacher=TeacherFactory(first_name="Анна", last_name="Ким"),
            price=Decimal("990.5"),
            currency="USD",
            average_rating=Decimal("4.5"),
            reviews_count=3,
            students_count=7,
            lessons_count=12,
            duration_hours=40,
            level="intermediate",
            first_published_at=start,
        ),
        CoursePageFactory(
            parent=catalog,
            title="Без всего",
            category=None,
            teacher=None,
            price=0,
            first_published_at=start + timedelta(days=1),
        ),
        CoursePageFactory(
            parent=catalog,
            title="Верхняя",
            category=science,
            teacher=TeacherFactory(first_name="", last_name="Одна"),
            price=Decimal("1490"),
            first_published_at=start + timedelta(days=2),
        ),
        CoursePageFactory(
            parent=catalog,
            title="Новейший",
            price=Decimal("12.34"),
            currency="EUR",
            first_published_at=start + timedelta(days=3),
        ),
    ]
    return made


def expected_bytes(courses, url: str, page_size: int, page: int = 1) -> bytes:
    """What the list answered before it had plain dicts or a cache: CourseSerializer's data,
    paginated as DRF does, rendered by DRF's JSON renderer."""
    request = RequestFactory().get(url)
    ordered = sorted(courses, key=lambda c: (c.first_published_at, c.pk), reverse=True)
    shown = CoursePage.objects.filter(
        pk__in=[c.pk for c in ordered[(page - 1) * page_size : page * page_size]]
    ).select_related("teacher", "category__parent", "category__locale", "locale")
    by_pk = {course.pk: course for course in shown}
    results = CourseSerializer(
        [by_pk[c.pk] for c in ordered if c.pk in by_pk], many=True, context={"request": request}
    ).data
    last = -(-len(ordered) // page_size)
    base = "http://testserver/api/courses/"

    def link(number):
        if number < 1 or number > last:
            return None
        if number == 1:
            return f"{base}?page_size={page_size}"
        return f"{base}?page={number}&page_size={page_size}"

    body = {
        "count": len(ordered),
        "next": link(page + 1),
        "previous": link(page - 1),
        "results": results,
    }
    return JSONRenderer().render(body)


@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_the_list_answers_the_serializers_bytes(api_client, courses, settings, cache_seconds):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    for page in (1, 2):
        url = "/api/courses/" + (f"?page={page}&page_size=2" if page > 1 else "?page_size=2")
        expected = expected_bytes(courses, url, 2, page)
        for _ in range(2):  # computed, then (with the cache on) from the cache
            response = api_client.get(url)
            assert response.status_code == 200
            assert response.content == expected
    assert (
        b"/ru/courses/%D0%BE%D0%BF%D1%82%D0%B8%D0%BA%D0%B0/"
        in api_client.get("/api/courses/").content
    )


# ---------------------------------------------------------------------------------------------
# Kept in the shared cache, emptied by every write that changes a card


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300  # as deployed (the tests run with it off)


def get(client, params=None) -> tuple[int, dict]:
    """(queries, body) of one request to the list."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/courses/", params or {})
    assert response.status_code == 200
    return len(queries), response.json()


def card(body, course) -> dict:
    return next(card for card in body["results"] if card["id"] == course.pk)


def test_a_second_request_is_answered_without_the_database(api_client, courses, cached):
    student = StudentFactory()
    get(api_client, {"page_size": 1})  # the site directory built
    computed, first = get(api_client)
    assert computed == 2  # the count and the page (the locale is the site directory's)
    assert get(api_client) == (0, first)
    # Another address is another entry; a search is never kept.
    assert get(api_client, {"ordering": "popular"})[0] == 2
    assert get(api_client, {"ordering": "popular"})[0] == 0
    assert get(api_client, {"search": "Оптика"})[0] > 0
    assert get(api_client, {"search": "Оптика"})[0] > 0
    # Signed in or not, the list is the same.
    api_client.force_authenticate(student)
    assert get(api_client) == (0, first)


def test_the_browsable_api_is_drawn_from_the_paginator_not_the_cache(api_client, courses, cached):
    get(api_client, {"page_size": 2})  # the JSON is kept
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            page = api_client.get("/api/courses/?page_size=2", HTTP_ACCEPT="text/html")
        assert len(queries) > 0
        assert 'class="pagination"' in page.content.decode()


def test_a_published_edit_and_price_show_at_once(api_client, courses, cached):
    course = courses[0]
    get(api_client)
    course.title, course.price = "Оптика и свет", Decimal("100")
    course.save_revision().publish()
    shown = card(get(api_client)[1], course)
    assert (shown["title"], shown["price"]) == ("Оптика и свет", "100.00")


def test_a_draft_edit_is_not_shown_until_published(api_client, courses, cached):
    course = courses[0]
    get(api_client)
    course.title = "Черновик"
    course.save_revision()
    assert card(get(api_client)[1], course)["title"] == "Оптика"


def test_publish_unpublish_archive_and_delete_change_the_list(api_client, catalog, courses, cached):
    assert get(api_client)[1]["count"] == 4
    new = CoursePageFactory(parent=catalog, title="Только что", live=False)
    new.save_revision().publish()
    assert get(api_client)[1]["count"] == 5
    courses[0].unpublish()
    assert courses[0].pk not in [c["id"] for c in get(api_client)[1]["results"]]
    services.archive_course(AdminFactory(), CoursePage.objects.get(pk=courses[1].pk))
    assert get(api_client)[1]["count"] == 3
    CoursePage.objects.get(pk=courses[2].pk).delete()
    assert get(api_client)[1]["count"] == 2


def test_a_saved_course_shows_without_a_publish_signal(api_client, courses, cached):
    get(api_client)
    course = CoursePage.objects.get(pk=courses[0].pk)
    course.price = Decimal("5")
    course.save(update_fields=["price"])  # the editor's own fields, saved directly
    assert card(get(api_client)[1], course)["price"] == "5.00"


def test_an_enrollment_changes_the_students_and_the_popular_order(api_client, courses, cached):
    last = courses[0]  # the oldest: last by "popular" when every course has 0 to 7 students
    order = [c["id"] for c in get(api_client, {"ordering": "popular"})[1]["results"]]
    get(api_client)
    assert order[0] == last.pk  # 7 students from the factory's figure
    enrollment = Enrollment.objects.create(user=StudentFactory(), course=courses[3], source="free")
    assert card(get(api_client)[1], courses[3])["students_count"] == 1
    assert card(get(api_client)[1], last)["students_count"] == 7
    enrollment.delete()
    assert card(get(api_client)[1], courses[3])["students_count"] == 0


def test_a_review_changes_the_rating(api_client, courses, cached):
    course = courses[1]
    get(api_client)
    Review.objects.create(
        author=StudentFactory(),
        course=course,
        course_key=course.translation_key,
        rating=4,
        text="Хорошо.",
        language="ru",
        status="published",
    )
    reviews.recount(course)
    shown = card(get(api_client)[1], course)
    assert (shown["average_rating"], shown["reviews_count"]) == ("4.00", 1)


def test_a_published_lesson_changes_the_lesson_count(api_client, courses, cached):
    course = courses[1]
    get(api_client)
    LessonPageFactory(parent=course, live=False).save_revision().publish()
    assert card(get(api_client)[1], course)["lessons_count"] == 1


def test_the_teachers_name_and_deletion_show(api_client, courses, cached):
    course = courses[0]
    teacher = course.teacher
    get(api_client)
    teacher.last_name = "Ли"
    teacher.save()
    assert card(get(api_client)[1], course)["teacher"]["name"] == "Анна Ли"
    teacher.delete()
    assert card(get(api_client)[1], course)["teacher"] is None


def test_a_sign_in_does_not_empty_the_cache(api_client, courses, cached):
    teacher = courses[0].teacher
    get(api_client)
    teacher.last_login = timezone.now()
    teacher.save(update_fields=["last_login"])
    assert get(api_client)[0] == 0


def test_a_category_change_shows(api_client, courses, cached):
    get(api_client)
    science = courses[2].category
    science.name, science.slug = "Естествознание", "natural"
    science.save()
    body = get(api_client)[1]
    assert card(body, courses[2])["category"]["name"] == "Естествознание"
    assert card(body, courses[0])["category"]["parent"] == "natural"
