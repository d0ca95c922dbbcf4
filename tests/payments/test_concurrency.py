"""At the same instant, on PostgreSQL with real threads and connections: Stripe's
deliveries, "Buy" clicks, a refund racing its payment, two payments of one course."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from learning.enrollment.models import Enrollment
from learning.payments.models import Order, StripeEvent

from ..factories import StudentFactory
from ..races import at_once
from .conftest import access, charge_object, deliver, make_event, open_enrollments

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
THREADS = 8


@pytest.fixture
def session(postgres, client, stripe_stub, student, paid_course):
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    return stripe_stub.pay(Order.objects.get().checkout_id)


def test_concurrent_duplicate_webhooks_enroll_once(session, student, paid_course):
    event = make_event("checkout.session.completed", session)
    statuses = at_once([lambda: deliver(Client(), event).status_code] * THREADS)
    assert statuses == [200] * THREADS
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert Enrollment.objects.filter(user=student, course=paid_course).count() == 1
    order = Order.objects.get()
    assert order.status == "paid" and order.enrollment is not None  # so a refund can close it


def test_webhooks_and_success_page_at_once_enroll_once(session, student, paid_course):
    def success_page():
        browser = Client()
        browser.force_login(student)
        return browser.get(f"/payments/success/?session_id={session['id']}").status_code

    events = [
        make_event(kind, session)
        for kind in ["checkout.session.completed", "checkout.session.async_payment_succeeded"] * 3
    ]
    jobs = [lambda e=e: deliver(Client(), e).status_code for e in events] + [success_page] * 2
    assert at_once(jobs) == [200] * len(jobs)
    assert StripeEvent.objects.count() == len(events)
    assert Enrollment.objects.filter(user=student, course=paid_course).count() == 1
    order = Order.objects.get()
    assert order.status == "paid" and order.enrollment is not None


# ---------------------------------------------------------------------------------------------
# Issue 11: simultaneous "Buy", a refund racing its payment, two payments completing at once

ROUNDS = 20


def buy_on_the_site(user, course):
    def job():
        browser = Client()
        browser.force_login(user)
        response = browser.post(f"/payments/checkout/{course.pk}/")
        return response.status_code, response.url

    return job


def buy_through_the_api(user, course):
    def job():
        app = APIClient()
        app.force_authenticate(user)
        response = app.post(f"/api/courses/{course.pk}/checkout/")
        return response.status_code, response.json().get("checkout_url")

    return job


def test_simultaneous_buy_requests_share_one_order_and_one_checkout_page(
    postgres, stripe_stub, paid_course
):
    for _round in range(5):
        learner = StudentFactory(verified=True)
        sessions_before = len(stripe_stub.sessions)
        answers = at_once(
            [
                buy_on_the_site(learner, paid_course),
                buy_through_the_api(learner, paid_course),
                buy_on_the_site(learner, paid_course),
            ]
        )
        order = Order.objects.get(user=learner)  # one order
        assert order.status == "pending"
        assert [status for status, _url in answers] == [302, 201, 302], answers
        assert {url for _status, url in answers} == {order.checkout_url}  # one page for all
        assert len(stripe_stub.sessions) == sessions_before + 1  # one session made at Stripe


def test_a_full_refund_racing_the_payment_always_leaves_the_order_refunded(
    postgres, stripe_stub, paid_course
):
    for _round in range(ROUNDS):
        learner = StudentFactory(verified=True)
        buy_on_the_site(learner, paid_course)()
        order = Order.objects.get(user=learner)
        session = stripe_stub.pay(order.checkout_id)
        paid = make_event("checkout.session.completed", session)
        # Refunded in Stripe's dashboard: the charge carries no order_id.
        refunded = make_event("charge.refunded", charge_object(session["payment_intent"]))
        statuses = at_once(
            [
                lambda e=paid: deliver(Client(), e).status_code,
                lambda e=refunded: deliver(Client(), e).status_code,
            ]
        )
        assert statuses == [200, 200]
        order.refresh_from_db()
        assert order.status == "refunded", f"round {_round}: {order.status}"
        assert order.payment_id == session["payment_intent"]
        assert not open_enrollments(learner, paid_course).exists(), f"round {_round}"
        assert not access(learner, paid_course)
        # Both events are done with: a redelivery changes nothing.
        assert deliver(Client(), paid).json()["duplicate"] is True
        order.refresh_from_db()
        assert order.status == "refunded"


def test_two_payments_completing_at_once_keep_one_enrollment_and_refund_one(
    postgres, stripe_stub, paid_course
):
    for round_ in range(5):
        learner = StudentFactory(verified=True)
        buy_on_the_site(learner, paid_course)()
        first = Order.objects.get(user=learner)
        first_session = stripe_stub.pay(first.checkout_id)
        paid_course.price += 1  # a new price: the next "Buy" makes a new order
        paid_course.save()
        buy_on_the_site(learner, paid_course)()
        second = Order.objects.get(user=learner, status="pending")
        second_session = stripe_stub.pay(second.checkout_id)
        refunds_before = len(stripe_stub.refunds)
        events = [
            make_event("checkout.session.completed", s) for s in (first_session, second_session)
        ]
        statuses = at_once([lambda e=e: deliver(Client(), e).status_code for e in events])
        assert statuses == [200, 200]
        orders = list(Order.objects.filter(pk__in=[first.pk, second.pk]))
        assert sorted(o.status for o in orders) == ["paid", "refunded"], f"round {round_}"
        kept = next(o for o in orders if o.status == "paid")
        refunded = next(o for o in orders if o.status == "refunded")
        assert refunded.refund_reason == "duplicate" and kept.refund_reason == ""
        assert open_enrollments(learner, paid_course).get() == kept.enrollment
        assert len(stripe_stub.refunds) == refunds_before + 1
        assert stripe_stub.refunds[-1]["payment_intent"] == refunded.payment_id
