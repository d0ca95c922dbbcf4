"""Booking rules through the API: who may book what, when, and how often."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification
from learning.bookings.models import Booking
from learning.bookings.tasks import lapse_overdue_bookings
from learning.schedule.models import LiveLesson

from ..factories import StudentFactory
from ..schedule.factories import GroupFactory
from .conftest import act, book, client_for, slot_at

pytestmark = pytest.mark.django_db


def free_starts(client, page, day_offset=1):
    start = slot_at(day_offset, 0)
    response = client.get(
        f"/api/tutors/{page.pk}/free-slots/",
        {"from": start.isoformat(), "to": (start + dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    return {dt.datetime.fromisoformat(s["start"]) for s in response.json()}


def test_a_free_trial_is_requested_and_the_tutor_is_told(as_learner, tutor_page, tutor, learner):
    start = slot_at(1, 10)
    assert start in free_starts(as_learner, tutor_page)
    response = book(as_learner, tutor_page, start)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["checkout_url"]) == ("trial", "requested", None)
    assert body["price"] == "0.00" and body["order"] is None and body["payment_status"] is None
    assert dt.datetime.fromisoformat(body["end"]) - dt.datetime.fromisoformat(
        body["start"]
    ) == dt.timedelta(hours=1)
    booking = Booking.objects.get()
    assert (booking.learner, booking.tutor, booking.start) == (learner, tutor, start)
    # The deadline: BOOKINGS_CONFIRM_HOURS from now, never past the start.
    assert booking.deadline <= start and booking.deadline > timezone.now()
    notice = Notification.objects.get(user=tutor)
    assert notice.key == f"booking:{booking.pk}:requested" and "Иван Сидоров" in notice.title
    assert notice.url == "/ru/bookings/"  # "My bookings", where the tutor answers
    # The slot is held: no longer among the tutor's free slots.
    assert start not in free_starts(as_learner, tutor_page)


def test_the_deadline_is_the_setting_or_the_start(as_learner, tutor_page, settings):
    settings.BOOKINGS_CONFIRM_HOURS = 2
    book(as_learner, tutor_page, slot_at(3, 12))
    booking = Booking.objects.get()
    left = booking.deadline - timezone.now()
    assert abs(left - dt.timedelta(hours=2)) < dt.timedelta(minutes=1)
    # A slot sooner than the confirm time: the deadline is its start.
    settings.BOOKINGS_CONFIRM_HOURS = 72
    soon = slot_at(1, 10)
    response = book(client_for(StudentFactory(verified=True)), tutor_page, soon)
    assert response.status_code == 201, response.content
    assert Booking.objects.get(pk=response.json()["id"]).deadline == soon


def test_nobody_books_themselves(as_tutor, tutor_page):
    response = book(as_tutor, tutor_page, slot_at(1, 10))
    assert response.status_code == 403
    assert response.json()["code"] == "booking_not_allowed"
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("start", "status", "code"),
    [
        (lambda: slot_at(1, 3), 409, "slot_taken"),  # outside the tutor's hours
        (lambda: slot_at(1, 10) + dt.timedelta(minutes=30), 409, "slot_taken"),  # off the grid
        (lambda: slot_at(-1, 10), 400, "start"),  # past
        (lambda: slot_at(15, 10), 400, "start"),  # beyond two weeks
    ],
)
def test_only_a_free_slot_in_the_next_two_weeks(as_learner, tutor_page, start, status, code):
    response = book(as_learner, tutor_page, start())
    assert response.status_code == status, response.content
    body = response.json()
    assert body.get("code") == code if status == 409 else code in body
    assert not Booking.objects.exists()


def test_a_timetabled_lesson_takes_the_slot(as_learner, tutor_page, tutor):
    start = slot_at(2, 15)
    LiveLesson.objects.create(
        group=GroupFactory(teacher=tutor),
        teacher=tutor,
        title="Группа",
        start=start - dt.timedelta(minutes=30),
        end=start + dt.timedelta(minutes=30),
    )
    response = book(as_learner, tutor_page, start)
    assert response.status_code == 409 and response.json()["code"] == "slot_taken"


def test_a_slot_booked_by_someone_else_is_taken(as_learner, tutor_page, other_learner):
    start = slot_at(1, 11)
    assert book(client_for(other_learner), tutor_page, start).status_code == 201
    response = book(as_learner, tutor_page, start)
    assert response.status_code == 409 and response.json()["code"] == "slot_taken"
    assert Booking.objects.count() == 1


def test_one_trial_per_learner_and_tutor_until_declined(as_learner, as_tutor, tutor_page):
    first = book(as_learner, tutor_page, slot_at(1, 10)).json()
    again = book(as_learner, tutor_page, slot_at(2, 10))
    assert again.status_code == 409 and again.json()["code"] == "trial_used"
    # A single lesson is not a trial.
    assert act(as_tutor, first["id"], "decline", reason="Заболела").status_code == 200
    # A declined trial did not happen: another may be asked for.
    assert book(as_learner, tutor_page, slot_at(2, 10)).status_code == 201


def test_an_unverified_address_cannot_book(tutor_page):
    response = book(client_for(StudentFactory()), tutor_page, slot_at(1, 10))
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_a_draft_tutor_page_cannot_be_booked(as_learner, tutor_page):
    tutor_page.unpublish()
    response = book(as_learner, tutor_page, slot_at(1, 10))
    assert response.status_code == 400 and "tutor" in response.json()


def test_confirming_puts_the_lesson_in_both_calendars(
    as_learner, as_tutor, tutor_page, learner, tutor
):
    start = slot_at(1, 10)
    booking_id = book(as_learner, tutor_page, start).json()["id"]
    response = act(as_tutor, booking_id, "confirm")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "confirmed" and body["lesson"].startswith("lesson:")
    booking = Booking.objects.select_related("group", "lesson").get()
    assert booking.group.teacher == tutor
    assert list(booking.group.students.all()) == [learner]
    assert (booking.lesson.start, booking.lesson.end) == (booking.start, booking.end)
    window = {"start": slot_at(0, 0).isoformat(), "end": slot_at(3, 0).isoformat()}
    for client in (as_learner, as_tutor):
        events = client.get("/api/schedule/events/", window).json()
        assert body["lesson"] in [event["id"] for event in events]
    notice = Notification.objects.get(user=learner, key=f"booking:{booking_id}:confirmed")
    assert "Анна Петрова" in notice.title
    # Answered once.
    again = act(as_tutor, booking_id, "confirm")
    assert again.status_code == 409 and again.json()["code"] == "booking_closed"
    assert LiveLesson.objects.count() == 1


def test_the_pair_keeps_one_group(as_learner, as_tutor, tutor_page):
    first = book(as_learner, tutor_page, slot_at(1, 10), "trial").json()["id"]
    act(as_tutor, first, "confirm")
    second = book(as_learner, tutor_page, slot_at(2, 10), "single")
    # Without Stripe a paid lesson cannot be booked; a free single lesson (price 0) can.
    assert second.status_code == 400 and second.json()["code"] == "payments_not_configured"
    tutor_page.hourly_price = 0
    tutor_page.save_revision().publish()
    second = book(as_learner, tutor_page, slot_at(2, 10), "single").json()["id"]
    act(as_tutor, second, "confirm")
    groups = set(Booking.objects.values_list("group", flat=True))
    assert len(groups) == 1 and LiveLesson.objects.filter(group__in=groups).count() == 2


def test_confirm_is_refused_when_the_timetable_filled_the_time(
    as_learner, as_tutor, tutor_page, tutor
):
    start = slot_at(1, 12)
    booking_id = book(as_learner, tutor_page, start).json()["id"]
    LiveLesson.objects.create(
        group=GroupFactory(teacher=tutor),
        teacher=tutor,
        title="Другое",
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    response = act(as_tutor, booking_id, "confirm")
    assert response.status_code == 409
    assert Booking.objects.get().status == "requested"


def test_decline_needs_a_reason_and_tells_the_learner(as_learner, as_tutor, tutor_page, learner):
    start = slot_at(1, 10)
    booking_id = book(as_learner, tutor_page, start).json()["id"]
    response = act(as_tutor, booking_id, "decline", reason="  ")
    assert response.status_code == 400 and "reason" in response.json()
    response = act(as_tutor, booking_id, "decline", reason="В это время я в отпуске")
    assert response.status_code == 200
    assert response.json()["decline_reason"] == "В это время я в отпуске"
    assert Booking.objects.get().status == "declined"
    notice = Notification.objects.get(user=learner, key=f"booking:{booking_id}:declined")
    assert "В это время я в отпуске" in notice.body
    # The slot is free again, for anyone.
    assert book(client_for(StudentFactory(verified=True)), tutor_page, start).status_code == 201


def test_the_learner_cancels_before_confirmation_only(as_learner, as_tutor, tutor_page, tutor):
    booking_id = book(as_learner, tutor_page, slot_at(1, 10)).json()["id"]
    response = act(as_learner, booking_id, "cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Notification.objects.filter(user=tutor, key=f"booking:{booking_id}:cancelled").exists()
    assert act(as_tutor, booking_id, "confirm").status_code == 409
    second = book(as_learner, tutor_page, slot_at(2, 10)).json()["id"]
    act(as_tutor, second, "confirm")
    response = act(as_learner, second, "cancel")
    assert response.status_code == 409 and response.json()["code"] == "booking_closed"


def test_unconfirmed_bookings_lapse_at_their_deadline(as_learner, as_tutor, tutor_page, learner):
    booking_id = book(as_learner, tutor_page, slot_at(1, 10)).json()["id"]
    waiting = book(client_for(StudentFactory(verified=True)), tutor_page, slot_at(1, 12))
    assert lapse_overdue_bookings() == 0
    Booking.objects.filter(pk=booking_id).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    response = act(as_tutor, booking_id, "confirm")
    assert response.status_code == 409 and Booking.objects.get(pk=booking_id).status == "requested"
    assert lapse_overdue_bookings() == 1
    assert lapse_overdue_bookings() == 0  # idempotent
    assert Booking.objects.get(pk=booking_id).status == "lapsed"
    assert Booking.objects.get(pk=waiting.json()["id"]).status == "requested"
    assert Notification.objects.filter(user=learner, key=f"booking:{booking_id}:lapsed").exists()


@pytest.mark.parametrize(
    ("who", "action", "status"),
    [
        ("learner", "confirm", 403),
        ("learner", "decline", 403),
        ("tutor", "cancel", 403),
        ("stranger", "confirm", 404),
        ("stranger", "decline", 404),
        ("stranger", "cancel", 404),
        ("anonymous", "confirm", 401),
        ("anonymous", "cancel", 401),
    ],
)
def test_the_permission_matrix(
    as_learner, tutor_page, learner, tutor, stranger, who, action, status
):
    booking_id = book(as_learner, tutor_page, slot_at(1, 10)).json()["id"]
    people = {"learner": learner, "tutor": tutor, "stranger": stranger}
    client = client_for(people[who]) if who in people else APIClient()
    response = act(client, booking_id, action, reason="Нет")
    assert response.status_code == status, response.content
    assert Booking.objects.get().status == "requested"


def test_an_unknown_booking_is_404(as_tutor):
    assert act(as_tutor, 999999, "confirm").status_code == 404


def test_the_list_is_mine_in_a_fixed_number_of_queries(
    as_learner, as_tutor, tutor_page, learner, django_assert_num_queries
):
    mine = book(as_learner, tutor_page, slot_at(1, 10)).json()["id"]
    other = client_for(StudentFactory(verified=True))
    theirs = book(other, tutor_page, slot_at(1, 11)).json()["id"]
    assert [b["id"] for b in as_learner.get("/api/bookings/").json()["results"]] == [mine]
    assert {b["id"] for b in as_tutor.get("/api/bookings/").json()["results"]} == {mine, theirs}
    assert as_tutor.get("/api/bookings/", {"role": "learner"}).json()["count"] == 0
    assert as_learner.get("/api/bookings/", {"role": "nobody"}).status_code == 400
    first = as_tutor.get("/api/bookings/").json()["results"]
    assert {b["can_confirm"] for b in first} == {True}
    with CaptureQueriesContext(connection) as few:
        as_tutor.get("/api/bookings/", {"role": "tutor"})
    queries = len(few.captured_queries)  # read now: the next request empties the log
    assert queries == 2  # the count and the page, people and orders joined in
    for hour in range(12, 18):
        book(client_for(StudentFactory(verified=True)), tutor_page, slot_at(2, hour))
    with django_assert_num_queries(queries):
        response = as_tutor.get("/api/bookings/", {"role": "tutor"})
    assert response.json()["count"] == 8


def test_celery_beat_lapses_overdue_bookings(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "learning.bookings.tasks.lapse_overdue_bookings" in tasks
