"""Requests expire after REQUESTS_EXPIRE_DAYS (the beat task); the tutors' board lists the
open requests of their subjects in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification
from tutoring import errors, services, tasks
from tutoring.models import Offer, TutorRequest

from ..factories import StudentFactory
from .conftest import EVENINGS, TUE, make_tutor, post


@pytest.fixture
def anna(tutor_index, subjects):
    return make_tutor(tutor_index, "Anna", subjects=[subjects["sciences"]], hours=EVENINGS)


def offer(tutor, request):
    return services.make_offer(
        tutor,
        request,
        message="Давайте начнём",
        price=1500,
        times=[services.WeeklyTime(TUE, dt.time(18), dt.time(19))],
    )


def test_a_request_expires_after_its_days(settings, subjects, learner, anna):
    settings.REQUESTS_EXPIRE_DAYS = 3
    request = post(learner, subjects["maths"])
    assert request.expires_at - request.created_at == dt.timedelta(days=3)
    waiting = offer(anna, request)
    assert tasks.expire_requests.delay().get() == 0  # not yet
    TutorRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    assert tasks.expire_requests.delay().get() == 1
    request.refresh_from_db()
    assert request.status == "expired"
    assert Offer.objects.get(pk=waiting.pk).status == "declined"
    assert Notification.objects.filter(user=learner, key=f"request-expired:{request.pk}")
    assert Notification.objects.filter(user=anna, key=f"offer-declined:{waiting.pk}")
    assert services.expire_requests() == 0  # once
    assert not services.requests_board(anna).exists()


def test_no_offer_or_accepting_once_the_date_has_passed(subjects, learner, anna):
    """Between the date and the beat task the request is already closed to offers."""
    request = post(learner, subjects["maths"])
    waiting = offer(anna, request)
    TutorRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    with pytest.raises(errors.RequestClosed):
        services.accept_offer(learner, waiting)
    boris = make_tutor(anna.tutor_pages.first().get_parent(), "Boris", subjects=[subjects["maths"]])
    with pytest.raises(errors.RequestNotFound):  # off the board
        offer(boris, request)


def test_a_learner_has_a_few_open_requests_at_most(settings, subjects, learner):
    settings.REQUESTS_OPEN_PER_LEARNER = 2
    post(learner, subjects["maths"])
    post(learner, subjects["music"])
    with pytest.raises(errors.TooManyRequests):
        post(learner, subjects["maths"])


def test_the_board_lists_the_tutors_subjects(subjects, learner, anna):
    """Anna teaches sciences: maths (a sub-subject) and sciences show, music does not."""
    maths = post(learner, subjects["maths"])
    sciences = post(StudentFactory(verified=True), subjects["sciences"])
    post(StudentFactory(verified=True), subjects["music"])
    assert list(services.requests_board(anna)) == [sciences, maths]


def test_the_board_costs_the_same_for_two_requests_and_for_six(subjects, anna):
    client = APIClient()
    client.force_authenticate(anna)

    def board_queries(n_requests):
        while TutorRequest.objects.count() < n_requests:
            request = post(StudentFactory(verified=True), subjects["maths"])
            offer(anna, request)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/requests/board/")
        assert response.json()["count"] == n_requests
        return len(captured)

    two = board_queries(2)
    assert board_queries(6) == two
