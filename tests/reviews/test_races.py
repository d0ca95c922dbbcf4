"""Moderators publishing at the same instant, on PostgreSQL with real threads and connections:
the stored figures count every review (issue 13, item 4: "no drift"). Without the row lock in
``services.recount`` each transaction counted before the others committed and wrote its own
smaller figure."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient
from wagtail.models import Locale

from accounts.models import TeacherProfile
from courses.models import CoursePage
from learning.schedule.models import Attendance
from reviews import services
from reviews.models import Review

from ..courses.factories import CoursePageFactory, LessonPageFactory, TutorPageFactory
from ..factories import StudentFactory, translate
from ..races import at_once
from ..schedule.factories import LiveLessonFactory
from .conftest import learner_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
THREADS = 8


def moderators(count: int) -> list:
    group = Group.objects.get(name="Moderators")
    people = [StudentFactory() for _ in range(count)]
    for person in people:
        person.groups.add(group)
    return people


def test_concurrent_approvals_count_every_review_on_every_translation(postgres, catalog):
    course = CoursePageFactory(parent=catalog, title="Физика")
    LessonPageFactory(parent=course)
    translate(course, Locale.objects.get_or_create(language_code="en")[0], title="Physics")
    ratings = [5, 4, 3, 5, 4, 2, 5, 1]
    for round_ in range(3):
        reviews = [
            services.write(learner_of(course), course, rating=rating, text="Отзыв.")
            for rating in ratings
        ]
        approvers = moderators(THREADS)
        results = at_once(
            [
                lambda r=review, m=moderator: services.approve(m, r).status
                for review, moderator in zip(reviews, approvers, strict=True)
            ]
        )
        assert results == ["published"] * THREADS, results
        count = THREADS * (round_ + 1)
        average = (Decimal(sum(ratings)) / THREADS).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert set(
            CoursePage.objects.filter(translation_key=course.translation_key).values_list(
                "reviews_count", "average_rating"
            )
        ) == {(count, average)}


def test_concurrent_reviews_of_a_tutor_published_at_once_are_all_counted(
    postgres, tutor_index, settings
):
    settings.REVIEWS_PUBLISH_AT_ONCE = True
    tutor = TutorPageFactory(parent=tutor_index).user
    TeacherProfile.objects.filter(user=tutor).delete()  # made by the first recount, once
    lesson = LiveLessonFactory(group__teacher=tutor)
    learners = [StudentFactory() for _ in range(THREADS)]
    for learner in learners:
        Attendance.objects.create(lesson=lesson, student=learner)
    results = at_once(
        [
            lambda person=learner: services.write(person, tutor, rating=4, text="Хорошо.").pk
            for learner in learners
        ]
    )
    assert all(isinstance(pk, int) for pk in results), results
    profile = TeacherProfile.objects.get(user=tutor)
    assert (profile.reviews_count, profile.rating) == (THREADS, Decimal("4.00"))


def test_a_double_submit_writes_one_review(postgres, catalog):
    course = CoursePageFactory(parent=catalog)
    LessonPageFactory(parent=course)
    learner = learner_of(course)

    def submit():
        api = APIClient()
        api.force_authenticate(learner)
        body = {"rating": 5, "text": "Отлично."}
        return api.post(f"/api/courses/{course.pk}/reviews/", body, format="json").status_code

    statuses = sorted(at_once([submit] * 6))
    assert statuses == [201] + [409] * 5, statuses
    assert Review.objects.filter(author=learner).count() == 1
