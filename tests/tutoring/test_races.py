"""Two "Accept" clicks on two offers of one request at the same instant, and one tutor's
double "Send": one wins each time (PostgreSQL row locks and the unique constraint)."""

import datetime as dt
from collections import Counter

import pytest
from rest_framework.test import APIClient

from tutoring import services
from tutoring.models import Offer

from ..races import at_once
from .conftest import EVENINGS, TUE, make_tutor, post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def call(user, url, data=None) -> int:
    api = APIClient()
    api.force_authenticate(user)
    return api.post(url, data or {}, format="json").status_code


def offer(tutor, request):
    return services.make_offer(
        tutor,
        request,
        message="Начнём!",
        price=1500,
        times=[services.WeeklyTime(TUE, dt.time(18), dt.time(19))],
    )


def test_two_accepts_at_once_close_the_request_once(postgres, tutor_index, subjects, learner):
    anna = make_tutor(tutor_index, "Anna", subjects=[subjects["maths"]], hours=EVENINGS)
    boris = make_tutor(tutor_index, "Boris", subjects=[subjects["maths"]], hours=EVENINGS)
    request = post(learner, subjects["maths"])
    offers = [offer(anna, request), offer(boris, request)]
    statuses = at_once([lambda o=o: call(learner, f"/api/offers/{o.pk}/accept/") for o in offers])
    assert Counter(statuses) == {200: 1, 409: 1}
    assert Counter(Offer.objects.values_list("status", flat=True)) == {
        "accepted": 1,
        "declined": 1,
    }


def test_a_double_send_makes_one_offer(postgres, tutor_index, subjects, learner):
    anna = make_tutor(tutor_index, "Anna", subjects=[subjects["maths"]], hours=EVENINGS)
    request = post(learner, subjects["maths"])
    body = {
        "message": "Начнём!",
        "price": "1500.00",
        "times": [{"weekday": TUE, "start": "18:00", "end": "19:00"}],
    }
    url = f"/api/requests/{request.pk}/offers/"
    statuses = at_once([lambda: call(anna, url, body) for _ in range(4)])
    assert Counter(statuses) == {201: 1, 409: 3}
    assert Offer.objects.count() == 1
