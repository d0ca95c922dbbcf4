"""The cabinet's desk and its list of courses (cabinet/)."""

import re

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.enrollment.models import Enrollment

from ..courses.factories import CategoryFactory, CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory, TeacherFactory, translate

pytestmark = pytest.mark.django_db


def test_cabinet_shows_courses_with_progress_in_a_fixed_number_of_queries(client, catalog):
    learner = StudentFactory()
    client.force_login(learner)
    html = client.get("/ru/cabinet/").content.decode()
    assert "каталог" in html.lower()  # the empty state says where to go

    def count() -> list[int]:
        """Queries of the desk and of "my courses"."""
        counts = []
        for url in ("/ru/cabinet/", "/ru/cabinet/courses/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    def enrol(count: int) -> None:
        # Every other course has a cover (its renditions are prefetched with the list), every
        # other one a category under a parent (the fallback names the parent).
        for i in range(count):
            course = CoursePageFactory(
                parent=catalog,
                cover=wagtail_factories.ImageFactory() if i % 2 else None,
                category=CategoryFactory(parent=CategoryFactory()) if i % 2 == 0 else None,
            )
            LessonPageFactory(parent=course)
            Enrollment.objects.create(user=learner, course=course, source="free")

    enrol(2)
    client.get("/ru/cabinet/")
    client.get("/ru/cabinet/courses/")  # make the covers' renditions
    few = count()
    enrol(48)
    client.get("/ru/cabinet/courses/")
    assert count() == few
    html = client.get("/ru/cabinet/courses/").content.decode()
    assert html.count('data-testid="enrolled-course"') == 50
    assert html.count("<picture>") == 25 and html.count('data-testid="media-fallback"') == 25


def test_a_translated_course_is_one_row_on_the_teachers_desk(client, catalog, en):
    teacher = TeacherFactory()
    course = CoursePageFactory(parent=catalog, title="Немецкий язык", teacher=teacher)
    english = translate(course, en, title="German")
    for page in (course, course, english):  # learners of either translation count
        Enrollment.objects.create(user=StudentFactory(), course=page)
    client.force_login(teacher)

    def rows(url: str) -> list[str]:
        html = client.get(url).content.decode()
        table = html.split("<tbody>")[1].split("</tbody>")[0]
        return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in table.split("<tr>")[1:]]

    assert rows("/ru/cabinet/") == ["Немецкий язык · EN · RU Опубликован 3"]
    assert rows("/en/cabinet/") == ["German · EN · RU Published 3"]
