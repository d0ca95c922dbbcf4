"""Two learners can never hold the same slot: a database guarantee.

On PostgreSQL, learners booking the same slot from threads at the same instant (each on its
own connection): exactly one wins. The constraint itself is also checked without the service:
on PostgreSQL no two active bookings of a tutor overlap at all (the exclusion constraint);
on both databases no two share a start (the partial unique constraint, SQLite's fallback).
"""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from learning.bookings import services
from learning.bookings.errors import SlotTaken
from learning.bookings.models import Booking

from ..factories import StudentFactory
from ..races import at_once
from .conftest import slot_at

THREADS = 6


def insert(tutor, learner, start, minutes=60, status="requested"):
    """Straight into the table, past the service's checks."""
    with transaction.atomic():
        return Booking.objects.create(
            learner=learner,
            tutor=tutor,
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            kind="single",
            status=status,
            deadline=start,
        )


@pytest.mark.django_db
def test_the_same_slot_twice_is_refused_by_the_database(tutor, learner, other_learner):
    start = slot_at(1, 10)
    insert(tutor, learner, start)
    with pytest.raises(IntegrityError):
        insert(tutor, other_learner, start)
    # A declined, lapsed or cancelled booking holds nothing.
    Booking.objects.update(status="declined")
    insert(tutor, other_learner, start)


@pytest.mark.postgres
@pytest.mark.django_db
def test_overlapping_bookings_are_refused_by_postgresql(postgres, tutor, learner, other_learner):
    start = slot_at(1, 10)
    insert(tutor, learner, start)
    with pytest.raises(IntegrityError, match="bookings_of_a_tutor_never_overlap"):
        insert(tutor, other_learner, start + dt.timedelta(minutes=30))
    insert(tutor, other_learner, start + dt.timedelta(minutes=60))  # touching is no overlap


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_learners_booking_one_slot_at_once_exactly_one_wins(postgres, tutor_page):
    start = slot_at(1, 10)
    learners = [StudentFactory(verified=True) for _ in range(THREADS)]
    results = at_once(
        [
            lambda person=person: services.book(person, tutor_page, start, "trial")[0].pk
            for person in learners
        ]
    )
    won = [result for result in results if isinstance(result, int)]
    lost = [result for result in results if not isinstance(result, int)]
    assert len(won) == 1, results
    assert all(isinstance(error, SlotTaken) for error in lost), lost
    assert Booking.objects.filter(status="requested").count() == 1
    assert Booking.objects.get().start == start
    assert Booking.objects.get().deadline > timezone.now()
