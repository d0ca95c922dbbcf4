"""Paid single lessons through Stripe's local stand-in (the real `stripe` client): the slot is
held while the learner pays, the tutor is asked once it is paid, and the money goes back by
itself when the tutor declines, nobody confirms in time, or the learner cancels."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Notification
from learning.bookings import services
from learning.bookings.models import Booking
from learning.bookings.tasks import lapse_overdue_bookings
from learning.payments.models import Order
from learning.payments.services import refund_due_duplicates

from ..payments.conftest import charge_object
from .conftest import act, book, client_for, deliver, make_event, slot_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(as_learner, tutor_page, stripe_stub):
    """A single lesson booked tomorrow at 10:00: the order pending, Stripe's page open."""
    response = book(as_learner, tutor_page, slot_at(1, 10), "single")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (refunds, closing Stripe's page, e-mails) on leaving:
    the tests' transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def pay(client, stripe_stub, order: Order):
    session = stripe_stub.pay(order.checkout_id)
    event = make_event("checkout.session.completed", session)
    assert deliver(client, event).status_code == 200
    order.refresh_from_db()
    return order


def test_a_single_lesson_is_an_order_for_the_tutors_price(paid, stripe_stub, tutor, learner):
    assert paid["checkout_url"].startswith("https://checkout.stripe.com/")
    assert (paid["price"], paid["currency"]) == ("1500.00", "RUB")
    assert paid["payment_status"] == "pending"
    order = Order.objects.get()
    assert (order.purpose, order.course, order.amount, order.user) == (
        "booking",
        None,
        Decimal("1500"),
        learner,
    )
    assert "Анна Петрова" in order.course_title
    (request,) = stripe_stub.calls("POST", "/v1/checkout/sessions")
    assert request["form"]["metadata[purpose]"] == ["booking"]
    # Stripe closes its page when the hold ends (at least its own 30 minutes ahead).
    closes = int(request["form"]["expires_at"][0])
    assert closes - timezone.now().timestamp() >= 30 * 60
    # The tutor is not asked before the money is there, and cannot confirm yet.
    assert not Notification.objects.filter(user=tutor).exists()
    response = act(client_for(tutor), paid["id"], "confirm")
    assert response.status_code == 409 and response.json()["code"] == "booking_closed"


def test_payment_asks_the_tutor_and_confirming_makes_the_lesson(
    client, paid, stripe_stub, tutor, settings
):
    settings.BOOKINGS_CONFIRM_HOURS = 6
    booking = Booking.objects.get()
    hold = booking.deadline
    order = pay(client, stripe_stub, booking.order)
    assert order.status == "paid" and order.enrollment is None
    booking.refresh_from_db()
    assert booking.deadline > hold  # the tutor's time to answer starts now
    assert abs(booking.deadline - timezone.now() - dt.timedelta(hours=6)) < dt.timedelta(minutes=1)
    assert Notification.objects.filter(user=tutor, key=f"booking:{booking.pk}:requested").exists()
    # A course purchase's receipt ("you are enrolled") is not sent for a lesson.
    assert not Notification.objects.filter(key=f"order:{order.pk}:paid").exists()
    response = act(client_for(tutor), booking.pk, "confirm")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"


def test_declining_a_paid_booking_refunds_it(client, paid, stripe_stub, tutor, learner, committed):
    booking = Booking.objects.get()
    order = pay(client, stripe_stub, booking.order)
    with committed():
        response = act(client_for(tutor), booking.pk, "decline", reason="Не смогу в это время")
    assert response.status_code == 200
    (refund,) = stripe_stub.refunds
    assert refund["payment_intent"] == order.payment_id
    (request,) = stripe_stub.calls("POST", "/v1/refunds")
    assert request["headers"]["Idempotency-Key"] == f"refund-{order.pk}"
    order.refresh_from_db()
    assert (order.status, order.refund_reason) == ("refunded", "withdrawn")
    assert Booking.objects.get().status == "declined"
    keys = set(Notification.objects.filter(user=learner).values_list("key", flat=True))
    assert {f"booking:{booking.pk}:declined", f"booking:{booking.pk}:refunded"} <= keys
    # Stripe's own refund event afterwards changes nothing and tells nobody again.
    assert refund_due_duplicates() == 0
    assert Notification.objects.filter(user=learner).count() == len(keys)


def test_a_paid_booking_nobody_confirms_lapses_and_is_refunded(
    client, paid, stripe_stub, learner, committed
):
    booking = Booking.objects.get()
    order = pay(client, stripe_stub, booking.order)
    Booking.objects.filter(pk=booking.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    with committed():
        assert lapse_overdue_bookings() == 1
    order.refresh_from_db()
    assert order.status == "refunded" and len(stripe_stub.refunds) == 1
    assert Booking.objects.get().status == "lapsed"
    assert Notification.objects.filter(user=learner, key=f"booking:{booking.pk}:lapsed").exists()


def test_a_refund_stripe_refuses_is_retried_by_the_sweep(
    client, paid, stripe_stub, tutor, committed
):
    booking = Booking.objects.get()
    order = pay(client, stripe_stub, booking.order)
    stripe_stub.fail_with = (400, {"error": {"type": "invalid_request_error", "message": "no"}})
    with committed():
        assert act(client_for(tutor), booking.pk, "decline", reason="Нет").status_code == 200
    order.refresh_from_db()
    assert (order.status, order.refund_reason) == ("paid", "withdrawn")  # due, not yet made
    stripe_stub.fail_with = None
    assert refund_due_duplicates() == 1
    order.refresh_from_db()
    assert order.status == "refunded"


def test_an_unpaid_booking_lapses_after_the_hold_and_a_late_payment_goes_back(
    client, paid, stripe_stub, learner, tutor_page, other_learner, committed
):
    booking = Booking.objects.get()
    Booking.objects.filter(pk=booking.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    with committed():
        assert services.lapse_overdue() == 1
    order = Order.objects.get()
    assert order.status == "cancelled"
    session = stripe_stub.sessions[order.checkout_id]
    assert session["status"] == "expired"  # its page closed
    notice = Notification.objects.get(user=learner, key=f"booking:{booking.pk}:lapsed")
    assert "оплата" in notice.body.lower()
    # The slot is free again.
    assert book(client_for(other_learner), tutor_page, slot_at(1, 10)).status_code == 201
    # Paid anyway (an old tab, before the page closed): the money goes back by itself.
    session.update(status="open")
    with committed():
        order = pay(client, stripe_stub, order)
    order.refresh_from_db()
    assert (order.status, order.refund_reason) == ("refunded", "withdrawn")
    assert Booking.objects.get(pk=booking.pk).status == "lapsed"


def test_the_learner_cancels_a_paid_booking_and_is_refunded(
    client, paid, stripe_stub, as_learner, committed
):
    booking = Booking.objects.get()
    order = pay(client, stripe_stub, booking.order)
    with committed():
        assert act(as_learner, booking.pk, "cancel").status_code == 200
    order.refresh_from_db()
    assert order.status == "refunded" and len(stripe_stub.refunds) == 1


def test_a_refund_from_stripes_dashboard_withdraws_a_waiting_booking(
    client, paid, stripe_stub, learner
):
    booking = Booking.objects.get()
    order = pay(client, stripe_stub, booking.order)
    event = make_event("charge.refunded", charge_object(order.payment_id))
    assert deliver(client, event).status_code == 200
    assert Booking.objects.get().status == "cancelled"
    assert Notification.objects.filter(user=learner, key=f"booking:{booking.pk}:refunded").exists()


def test_when_stripe_gives_no_page_the_slot_is_released(as_learner, tutor_page, stripe_stub):
    stripe_stub.fail_with = (500, {"error": {"type": "api_error", "message": "down"}})
    response = book(as_learner, tutor_page, slot_at(1, 10), "single")
    assert response.status_code == 400
    assert response.json()["code"] == "payment_service_unavailable"
    assert Booking.objects.get().status == "cancelled"
    assert Order.objects.get().status == "failed"
    stripe_stub.fail_with = None
    assert book(as_learner, tutor_page, slot_at(1, 10), "single").status_code == 201


def test_without_stripe_a_paid_lesson_is_refused_and_a_trial_is_not(
    as_learner, tutor_page, no_stripe
):
    response = book(as_learner, tutor_page, slot_at(1, 10), "single")
    assert response.status_code == 400 and response.json()["code"] == "payments_not_configured"
    assert not Booking.objects.exists() and not Order.objects.exists()
    assert book(as_learner, tutor_page, slot_at(1, 10), "trial").status_code == 201
    assert no_stripe.requests == []


def test_the_success_page_speaks_of_the_lesson(client, paid, stripe_stub, learner):
    order = Booking.objects.get().order
    stripe_stub.pay(order.checkout_id)
    client.force_login(learner)
    response = client.get("/payments/success/", {"session_id": order.checkout_id})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="booking-paid"' in html
    assert "Репетитор получил запрос на подтверждение" in html
    assert "записаны на курс" not in html
    order.refresh_from_db()
    assert order.status == "paid"  # checked with Stripe from the success page, too
