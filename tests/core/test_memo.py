"""Answers kept for one request (core.memo): asked once, forgotten on change, never outside."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import memo
from learning.enrollment.models import Enrollment
from learning.enrollment.permissions import is_enrolled, open_enrollment
from tests.courses.factories import CoursePageFactory
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def in_request(view):
    """Run ``view`` as the middleware runs a request's view."""
    return memo.RequestMemoMiddleware(lambda request: view())(None)


def test_outside_a_request_every_question_is_asked():
    answers = iter([1, 2])
    assert memo.remembered("n", "key", lambda: next(answers)) == 1
    assert memo.remembered("n", "key", lambda: next(answers)) == 2


def test_in_a_request_a_question_is_asked_once_and_forgotten_with_the_request():
    calls = []

    def view():
        return [memo.remembered("n", "key", lambda: calls.append(1) or len(calls)) for _ in "abc"]

    assert in_request(view) == [1, 1, 1]
    assert in_request(view) == [2, 2, 2]  # a new request asks again


def test_enrollment_is_asked_once_per_request_and_seen_after_a_change(catalog):
    learner, course = StudentFactory(), CoursePageFactory(parent=catalog)

    def view():
        with CaptureQueriesContext(connection) as queries:
            before = [is_enrolled(learner, course) for _ in range(3)]
        Enrollment.objects.create(user=learner, course=course, source="manual")
        return before, len(queries), is_enrolled(learner, course)

    before, asked, after = in_request(view)
    assert before == [False, False, False] and asked == 1
    assert after is True  # the save forgot the kept "no"

    def cancelled():
        assert open_enrollment(learner, course) is not None
        Enrollment.objects.filter(user=learner).delete()  # a queryset delete sends post_delete
        return open_enrollment(learner, course)

    assert in_request(cancelled) is None
