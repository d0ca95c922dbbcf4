"""What a learner sees of their progress: the enrolment confirmation, ✓ beside completed
lessons, and a completed lesson's own state."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import personal
from home import page_cache
from learning.enrollment.models import Enrollment

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="Физика", price=0)
    LessonPageFactory(parent=course, title="Кинематика", is_free=True)
    LessonPageFactory(parent=course, title="Законы Ньютона")
    LessonPageFactory(parent=course, title="Энергия")
    return course


def learner_of(course):
    learner = StudentFactory()
    Enrollment.objects.create(user=learner, course=course, source="free")
    return learner


def done_marks(html: str) -> int:
    return len(re.findall(r'class="lesson-check is-done"', html))


def test_enrolling_confirms_it_on_the_first_lesson(client, course):
    client.force_login(StudentFactory())
    response = client.post(f"/learn/courses/{course.pk}/enroll/", follow=True)
    html = response.content.decode()
    assert response.request["PATH_INFO"] == course.lessons().first().url
    assert "Вы записаны на курс «Физика»" in html
    # Once: enrolling again (a double click) says nothing new.
    again = client.post(f"/learn/courses/{course.pk}/enroll/", follow=True).content.decode()
    assert "Вы записаны на курс" not in again


def test_the_course_page_says_the_learner_is_enrolled(client, course):
    client.force_login(learner_of(course))
    assert 'data-testid="enrolled-badge"' in client.get(course.url).content.decode()
    client.force_login(StudentFactory())
    assert 'data-testid="enrolled-badge"' not in client.get(course.url).content.decode()


def test_completed_lessons_carry_a_tick_in_the_lesson_list(client, course):
    first, second, third = course.lessons()
    client.force_login(learner_of(course))
    assert done_marks(client.get(second.url).content.decode()) == 0
    response = client.post(f"/learn/lessons/{first.pk}/complete/", follow=True)
    html = response.content.decode()
    assert response.request["PATH_INFO"] == second.url
    assert "Урок «Кинематика» пройден." in html  # the confirmation on the next lesson
    assert done_marks(html) == 1
    # The tick is on the completed lesson's entry, and screen readers hear it.
    entry = re.search(r'<li class="[^"]*is-done">.*?</li>', html, re.S).group(0)
    assert first.title in entry and "(пройден)" in entry
    # The course page's programme ticks it too.
    programme = client.get(course.url).content.decode()
    assert programme.count('class="is-done"') == 1


def test_a_completed_lesson_shows_its_state_and_the_way_on(client, course):
    first, second, third = course.lessons()
    client.force_login(learner_of(course))
    client.post(f"/learn/lessons/{first.pk}/complete/")
    html = client.get(first.url).content.decode()
    assert 'data-testid="lesson-done"' in html and "Урок пройден" in html
    assert f'href="{second.url}"' in html.split('data-testid="lesson-done"')[1]
    assert "data-lesson-complete" not in html  # no second "mark as complete"
    client.post(f"/learn/lessons/{third.pk}/complete/")
    last = client.get(third.url).content.decode().split('data-testid="lesson-done"')[1]
    assert f'href="{course.url}"' in last.split("</div>")[0]  # the last one leads back


def test_visitors_see_no_ticks(client, course):
    first = course.lessons().first()
    html = client.get(first.url).content.decode()
    assert "lesson-check" not in html


def test_the_lesson_list_with_ticks_takes_a_fixed_number_of_queries(client, catalog):
    course = CoursePageFactory(parent=catalog, price=0)
    LessonPageFactory(parent=course)
    learner = learner_of(course)
    client.force_login(learner)
    first = course.lessons().first()
    client.post(f"/learn/lessons/{first.pk}/complete/")
    client.get(first.url)
    # Measured afresh: the course's lessons and the learner's progress (kept otherwise).
    page_cache.purge()
    personal.changed([learner.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(first.url)
    for _ in range(10):
        lesson = LessonPageFactory(parent=course)
        client.post(f"/learn/lessons/{lesson.pk}/complete/")
    page_cache.purge()  # what publishing the new lessons does, and more
    with CaptureQueriesContext(connection) as many:
        html = client.get(first.url).content.decode()
    assert done_marks(html) == 11
    assert len(many) == len(few)
