"""The catalog API's list (issue 19, goal 6): plain dicts equal to CourseSerializer's, and
the same two queries for 3 courses or 30, for a page of 5 or 100."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from courses.api.courses import listing_cards
from courses.api.serializers import CourseSerializer, course_cards
from courses.models import CoursePage

from ..factories import TeacherFactory
from .factories import CategoryFactory, CoursePageFactory

pytestmark = pytest.mark.django_db


def test_cards_are_what_the_serializer_says(catalog):
    parent = CategoryFactory(slug="science")
    CoursePageFactory(
        parent=catalog,
        title="Оптика",
        category=CategoryFactory(slug="optics", parent=parent, icon="microscope"),
        teacher=TeacherFactory(first_name="Анна", last_name="Ким"),
        price=Decimal("990.5"),
        currency="USD",
        average_rating=Decimal("4.5"),
        reviews_count=3,
        students_count=7,
        lessons_count=12,
        duration_hours=40,
    )
    CoursePageFactory(parent=catalog, title="Без всего", category=None, teacher=None, price=0)
    CoursePageFactory(parent=catalog, title="Верхняя", category=parent)
    request = RequestFactory().get("/api/courses/")
    courses = list(CoursePage.objects.order_by("path"))
    expected = CourseSerializer(courses, many=True, context={"request": request}).data
    assert course_cards(listing_cards(CoursePage.objects.order_by("path")), request) == expected
    assert [card["category"] and card["category"]["parent"] for card in expected] == [
        "science",
        None,
        None,
    ]
    assert expected[0]["price"] == "990.50" and expected[0]["teacher"]["name"] == "Анна Ким"


def _list_queries(client, **params) -> tuple[int, dict]:
    client.get("/api/courses/")  # the site directory built
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/courses/", {"ordering": "popular", **params}).json()
    return len(queries), body


def test_the_list_takes_the_same_few_queries_for_3_or_30_courses(api_client, catalog):
    for _ in range(3):
        CoursePageFactory(parent=catalog, category=CategoryFactory(parent=CategoryFactory()))
    few, body = _list_queries(api_client)
    assert body["count"] == 3
    for _ in range(27):
        CoursePageFactory(parent=catalog, category=CategoryFactory(parent=CategoryFactory()))
    many, body = _list_queries(api_client)
    assert body["count"] == 30 and len(body["results"]) == 20
    # The count and the page (the locale and the view restrictions are the site directory's):
    # no cover images, no query per course, whatever the page's size.
    assert many == few == 2
    assert _list_queries(api_client, page_size=5)[0] == 2
    assert _list_queries(api_client, page_size=100)[0] == 2
    assert len(_list_queries(api_client, page_size=100)[1]["results"]) == 30
