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


def test_an_update_of_rows_about_people_tells_what_is_kept_about_them(course):
    """PersonQuerySet: a queryset update() (no signal) bumps the people whose rows it changes."""
    learner, other = StudentFactory(), StudentFactory()
    Enrollment.objects.create(user=learner, course=course, source="free")
    asked = []

    def ask(person):
        return personal.kept(person, "test", (), lambda: asked.append(person.pk))

    ask(learner), ask(other)
    Enrollment.objects.filter(user=learner).update(status=Enrollment.Status.EXPIRED)
    LessonProgress.objects.filter(user=other).update(status="completed")  # no row of theirs
    ask(learner), ask(other)
    assert asked == [learner.pk, other.pk, learner.pk]


def test_a_readers_kept_answers_come_with_the_pages_parts_in_one_round_trip(course, monkeypatch):
    """core.cache_reads: once the address is known, a learner's course page reads its parts
    and what is kept about its reader in one round trip, and another learner's visit guesses
    their own keys from it."""
    from core import cache_reads

    reads: list[list[str]] = []
    real_fetch = cache_reads.fetch

    def counted(keys, wanted):
        reads.append([*keys, *wanted])
        return real_fetch(keys, wanted)

    monkeypatch.setattr(cache_reads, "fetch", counted)
    anna, boris = StudentFactory(), StudentFactory()
    for person in (anna, boris):
        Enrollment.objects.create(user=person, course=course, source="free")
    first, second = Client(), Client()
    first.force_login(anna)
    second.force_login(boris)
    first.get(course.url)
    reads.clear()
    first.get(course.url)
    assert len(reads) == 1
    assert any(key.startswith(f"personal:{anna.pk}:") for key in reads[0])
    assert f"person:{anna.pk}" in reads[0]
    second.get(course.url)  # computed for Boris, but in one round trip with the parts
    reads.clear()
    html = second.get(course.url).content.decode()
    assert len(reads) == 1 and f"person:{boris.pk}" in reads[0]
    assert not any(f"personal:{anna.pk}:" in key for key in reads[0])
    assert 'data-testid="review-not-allowed"' in html
