"""The cabinet's desk and its list of courses (cabinet/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.enrollment.models import Enrollment

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_cabinet_shows_courses_with_progress_in_a_fixed_number_of_queries(client, catalog):
    learner = StudentFactory()
    client.force_login(learner)
    html = client.get("/ru/cabinet/").content.decode()
    assert "каталог" in html.lower()  # the empty state says where to go

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ru/cabinet/").status_code == 200
        return len(queries)

    for _ in range(2):
        course = CoursePageFactory(parent=catalog)
        LessonPageFactory(parent=course)
        Enrollment.objects.create(user=learner, course=course, source="free")
    client.get("/ru/cabinet/")
    few = count()
    for _ in range(48):
        course = CoursePageFactory(parent=catalog)
        LessonPageFactory(parent=course)
        Enrollment.objects.create(user=learner, course=course, source="free")
    assert count() == few
    assert (
        client.get("/ru/cabinet/courses/").content.decode().count('data-testid="enrolled-course"')
        == 50
    )
