"""Fixtures for bookings: a tutor with a page (1 500 ₽ an hour) and hours every day 09–21
Moscow time, learners, and Stripe's local stand-in (the payments tests' ``FakeStripe``)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from learning.schedule import services as schedule
from learning.schedule.recurrence import zone

from ..courses.factories import TutorPageFactory
from ..factories import StudentFactory, TeacherFactory
from ..payments.conftest import (  # noqa: F401 - fixtures shared with the payments tests
    FakeStripe,
    deliver,
    make_event,
    no_stripe,
    stripe_stub,
)

MOSCOW = "Europe/Moscow"
BOOKINGS = "/api/bookings/"


def slot_at(days: int, hour: int) -> dt.datetime:
    """``days`` from today at ``hour``:00 Moscow time (a slot on the tutor's grid)."""
    tz = zone(MOSCOW)
    day = timezone.now().astimezone(tz).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz)


@pytest.fixture
def tutor(db):
    return TeacherFactory(verified=True, first_name="Анна", last_name="Петрова")


@pytest.fixture
def tutor_page(tutor_index, tutor):
    page = TutorPageFactory(
        parent=tutor_index, user=tutor, hourly_price=Decimal("1500"), currency="RUB"
    )
    schedule.set_availability(
        tutor,
        timezone=MOSCOW,
        ranges=[schedule.Hours(dt.time(9), dt.time(21), weekday=day) for day in range(7)],
    )
    return page


@pytest.fixture
def learner(db):
    return StudentFactory(verified=True, first_name="Иван", last_name="Сидоров")


@pytest.fixture
def other_learner(db):
    return StudentFactory(verified=True)


@pytest.fixture
def stranger(db):
    return StudentFactory(verified=True)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def as_learner(learner):
    return client_for(learner)


@pytest.fixture
def as_tutor(tutor):
    return client_for(tutor)


def book(client, page, start, kind="trial"):
    return client.post(
        BOOKINGS, {"tutor": page.pk, "start": start.isoformat(), "kind": kind}, format="json"
    )


def act(client, booking_id: int, action: str, **data):
    return client.post(f"{BOOKINGS}{booking_id}/{action}/", data, format="json")
