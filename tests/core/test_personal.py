"""core.personal: answers about one person, kept until something of theirs changes."""

import pytest
from django.test import Client
from django.utils import timezone

from core import personal
from home import page_cache
from learning.enrollment.models import Enrollment, LessonProgress
from learning.enrollment.services import complete_lesson

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory
from ..reviews.helpers import review

pytestmark = pytest.mark.django_db


def test_an_answer_is_kept_per_person_until_they_change():
    anna, boris = StudentFactory(), StudentFactory()
    asked = []

    def ask(person):
        return personal.kept(person, "test", ("x",), lambda: asked.append(person.pk) or person.pk)

    assert ask(anna) == anna.pk and ask(anna) == anna.pk
    assert ask(boris) == boris.pk
    assert asked == [anna.pk, boris.pk]
    personal.changed([anna.pk])
    ask(anna), ask(boris)
    assert asked == [anna.pk, boris.pk, anna.pk]


def test_other_counters_drop_it_too():
    anna = StudentFactory()
    asked = []

    def ask():
        return personal.kept(
            anna, "test", (), lambda: asked.append(1), also=(page_cache.CONTENT_KEY,)
        )

    ask(), ask()
    page_cache.bump(page_cache.CONTENT_KEY)
    ask()
    assert len(asked) == 2


def test_a_visitor_is_never_kept():
    from django.contrib.auth.models import AnonymousUser

    asked = []
    for _ in range(2):
        personal.kept(AnonymousUser(), "test", (), lambda: asked.append(1))
    assert len(asked) == 2


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog)
    for _ in range(3):
        LessonPageFactory(parent=course)
    return course


def test_the_course_page_follows_the_learners_progress_and_review(course):
    learner = StudentFactory()
    Enrollment.objects.create(user=learner, course=course, source="free")
    client = Client()
    client.force_login(learner)

    def page() -> str:
        return client.get(course.url).content.decode()

    html = page()
    assert 'data-testid="review-not-allowed"' in html and "is-done" not in html
    assert 'data-testid="review-not-allowed"' in page()  # kept
    # A third of the lessons done (a LessonProgress saved): they may review it now.
    complete_lesson(learner, course.lessons().first())
    html = page()
    assert 'data-testid="review-write"' in html and "is-done" in html
    mine = review(course, author=learner, status="pending")
    assert 'data-testid="review-own"' in page()
    mine.delete()
    assert 'data-testid="review-write"' in page()
    # Progress taken back (deleted): not eligible again, no lesson done.
    LessonProgress.objects.filter(user=learner).delete()
    html = page()
    assert 'data-testid="review-not-allowed"' in html and "is-done" not in html


def test_a_completed_enrollment_makes_a_learner_eligible(course):
    learner = StudentFactory()
    enrollment = Enrollment.objects.create(user=learner, course=course, source="free")
    client = Client()
    client.force_login(learner)
    assert 'data-testid="review-not-allowed"' in client.get(course.url).content.decode()
    enrollment.status, enrollment.completed_at = Enrollment.Status.COMPLETED, timezone.now()
    enrollment.save()
    assert 'data-testid="review-write"' in client.get(course.url).content.decode()
