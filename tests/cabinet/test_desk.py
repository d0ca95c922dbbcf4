"""The cabinet's desk and its list of courses (cabinet/)."""

import datetime as dt
import re

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning.enrollment.models import Enrollment

from ..courses.factories import (
    CategoryFactory,
    CoursePageFactory,
    LessonPageFactory,
    TutorPageFactory,
)
from ..factories import StudentFactory, TeacherFactory, translate
from ..homework.factories import HomeworkFactory

pytestmark = pytest.mark.django_db


def test_cabinet_shows_courses_with_progress_in_a_fixed_number_of_queries(
    client, catalog, tutor_index
):
    learner = StudentFactory()
    client.force_login(learner)
    html = client.get("/ru/cabinet/").content.decode()
    assert "каталог" in html.lower()  # the empty state says where to go

    def count() -> list[int]:
        """Queries of the desk, of "my courses" and of "my homework": as computed, then as
        kept for the person (core.personal)."""
        counts = []
        for kept in (False, True):
            for url in ("/ru/cabinet/", "/ru/cabinet/courses/", "/ru/homework/"):
                if kept:
                    client.get(url)
                else:
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                counts.append(len(queries))
        return counts

    def enrol(count: int) -> None:
        # Every other course has a cover (its renditions are prefetched with the list), every
        # other one a category under a parent (the fallback names the parent).
        # Every third course's teacher has a tutor page (its title is the name shown).
        for i in range(count):
            teacher = TeacherFactory()
            if i % 3 == 0:
                TutorPageFactory(parent=tutor_index, user=teacher)
            course = CoursePageFactory(
                parent=catalog,
                teacher=teacher,
                owner=teacher,
                cover=wagtail_factories.ImageFactory() if i % 2 else None,
                category=CategoryFactory(parent=CategoryFactory()) if i % 2 == 0 else None,
            )
            lesson = LessonPageFactory(parent=course)
            Enrollment.objects.create(user=learner, course=course, source="free")
            # Homework due ahead: the desk's deadlines (at most five) and "My homework".
            HomeworkFactory(lesson=lesson, due_at=timezone.now() + dt.timedelta(days=i + 1))

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

    # The last cell links to the course's gradebook (its name for screen readers).
    assert rows("/ru/cabinet/") == ["Немецкий язык · EN · RU Опубликован 3 Оценки : Немецкий язык"]
    assert rows("/en/cabinet/") == ["German · EN · RU Published 3 Grades : German"]


def test_course_rows_name_the_teacher_as_their_tutor_page_in_the_pages_language(
    client, catalog, tutor_index, en
):
    olga = TeacherFactory(first_name="Ольга", last_name="Лебедева")
    tutor = TutorPageFactory(parent=tutor_index, title="Ольга Лебедева", user=olga)
    translate(tutor, en, title="Olga Lebedeva")
    ivan = TeacherFactory(first_name="Иван", last_name="Петров")  # no tutor page
    learner = StudentFactory()
    for teacher in (olga, ivan):
        course = CoursePageFactory(parent=catalog, teacher=teacher, owner=teacher)
        Enrollment.objects.create(user=learner, course=course, source="free")
    client.force_login(learner)
    for url in ("/en/cabinet/", "/en/cabinet/courses/"):
        html = client.get(url).content.decode()
        assert "Olga Lebedeva" in html and "Ольга Лебедева" not in html
        assert "Иван Петров" in html  # no tutor page: the account's name
    html = client.get("/ru/cabinet/courses/").content.decode()
    assert "Ольга Лебедева" in html and "Olga Lebedeva" not in html
