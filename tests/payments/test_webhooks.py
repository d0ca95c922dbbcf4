"""Stripe's webhooks: signed, stored once, safe twice, late or out of order."""

import json

import pytest

from learning.enrollment.models import Enrollment
from learning.payments.models import Order, StripeEvent

from .conftest import (
    WEBHOOK_PATH,
    access,
    charge_object,
    deliver,
    make_event,
    open_enrollments,
    sign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(client, student, paid_course, stripe_stub):
    """A pending order with its checkout session, as the Buy button leaves it."""
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    client.logout()
    return Order.objects.get()


def session_of(stripe_stub, order, payment_status="paid"):
    return stripe_stub.pay(order.checkout_id, payment_status)


def completed(stripe_stub, order, payment_status="paid", event_id=None):
    return make_event(
        "checkout.session.completed", session_of(stripe_stub, order, payment_status), event_id
    )


def test_completed_checkout_marks_the_order_paid_and_enrolls(
    client, stripe_stub, order, student, paid_course
):
    event = completed(stripe_stub, order)
    response = deliver(client, event)
    assert response.status_code == 200 and response.json()["duplicate"] is False
    order.refresh_from_db()
    assert order.status == "paid" and order.paid_at
    assert order.payment_id == event["data"]["object"]["payment_intent"]
    enrollment = open_enrollments(student, paid_course).get()
    assert enrollment.source == "purchase" and order.enrollment == enrollment
    assert access(student, paid_course)
    record = StripeEvent.objects.get()
    assert (record.event_id, record.type, record.order) == (event["id"], event["type"], order)
    assert record.processed_at is not None
    assert stripe_stub.calls("GET", "/v1/checkout/sessions/") == []  # the signed event suffices


def test_a_repeated_event_is_a_no_op(client, stripe_stub, order, student, paid_course):
    event = completed(stripe_stub, order)
    first = deliver(client, event)
    order.refresh_from_db()
    paid_at = order.paid_at
    second = deliver(client, event)
    assert first.status_code == second.status_code == 200
    assert second.json()["duplicate"] is True
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert open_enrollments(student, paid_course).count() == 1
    order.refresh_from_db()
    assert order.paid_at == paid_at

    # Staff close the access by hand; the old event delivered again does not reopen it.
    Enrollment.objects.filter(user=student).update(status=Enrollment.Status.EXPIRED)
    assert deliver(client, event).json()["duplicate"] is True
    assert not access(student, paid_course)


def test_the_same_payment_in_a_new_event_does_not_enroll_twice(
    client, stripe_stub, order, student, paid_course
):
    event = completed(stripe_stub, order)
    deliver(client, event)
    # Stripe also sends async_payment_succeeded, and the success page comes back: one access.
    again = make_event("checkout.session.async_payment_succeeded", event["data"]["object"])
    assert deliver(client, again).json()["duplicate"] is False
    client.force_login(student)
    client.get(f"/payments/success/?session_id={order.checkout_id}")
    assert Enrollment.objects.filter(user=student, course=paid_course).count() == 1
    assert StripeEvent.objects.count() == 2


def test_completed_but_not_yet_paid_waits_for_the_async_result(
    client, stripe_stub, order, student, paid_course
):
    deliver(client, completed(stripe_stub, order, payment_status="unpaid"))
    order.refresh_from_db()
    assert order.status == "pending" and not access(student, paid_course)
    session = session_of(stripe_stub, order)
    deliver(client, make_event("checkout.session.async_payment_succeeded", session))
    order.refresh_from_db()
    assert order.status == "paid" and access(student, paid_course)


@pytest.mark.parametrize(
    "event_type", ["checkout.session.expired", "checkout.session.async_payment_failed"]
)
def test_expired_or_failed_checkout_fails_a_pending_order(
    client, stripe_stub, order, student, paid_course, event_type
):
    session = stripe_stub.sessions[order.checkout_id]
    session.update(status="expired")
    deliver(client, make_event(event_type, session))
    order.refresh_from_db()
    assert order.status == "failed" and order.failed_at
    assert not access(student, paid_course)


def test_expired_after_paid_does_not_downgrade(client, stripe_stub, order, student, paid_course):
    event = completed(stripe_stub, order)
    deliver(client, event)
    late = make_event("checkout.session.expired", {**event["data"]["object"], "status": "expired"})
    assert deliver(client, late).status_code == 200
    order.refresh_from_db()
    assert order.status == "paid" and order.failed_at is None
    assert access(student, paid_course)


def test_paid_after_failed_wins(client, stripe_stub, order, student, paid_course):
    session = stripe_stub.sessions[order.checkout_id]
    deliver(client, make_event("checkout.session.async_payment_failed", dict(session)))
    deliver(client, completed(stripe_stub, order))  # the money was taken after all
    order.refresh_from_db()
    assert order.status == "paid" and access(student, paid_course)


def test_refund_webhook_revokes_access(client, stripe_stub, order, student, paid_course):
    event = completed(stripe_stub, order)
    deliver(client, event)
    assert access(student, paid_course)
    payment_intent = event["data"]["object"]["payment_intent"]
    refund = make_event("charge.refunded", charge_object(payment_intent))
    assert deliver(client, refund).status_code == 200
    order.refresh_from_db()
    assert order.status == "refunded" and order.refunded_at and order.refund_id
    assert order.enrollment.status == "refunded"
    assert not access(student, paid_course)
    paid_course.refresh_from_db()
    assert paid_course.students_count == 0


def test_partial_refund_keeps_access(client, stripe_stub, order, student, paid_course):
    event = completed(stripe_stub, order)
    deliver(client, event)
    partial = charge_object(event["data"]["object"]["payment_intent"], refunded=False)
    deliver(client, make_event("charge.refunded", partial))
    order.refresh_from_db()
    assert order.status == "paid" and access(student, paid_course)


@pytest.mark.parametrize("with_metadata", [True, False], ids=["order-metadata", "intent-only"])
def test_refund_before_completed_ends_refunded_without_access(
    client, stripe_stub, order, student, paid_course, with_metadata
):
    session = session_of(stripe_stub, order)
    metadata = {"order_id": str(order.pk)} if with_metadata else {}
    refund = make_event(
        "charge.refunded", charge_object(session["payment_intent"], metadata=metadata)
    )
    assert deliver(client, refund).status_code == 200
    assert deliver(client, make_event("checkout.session.completed", session)).status_code == 200
    order.refresh_from_db()
    assert order.status == "refunded" and order.refunded_at
    assert not open_enrollments(student, paid_course).exists()
    assert not access(student, paid_course)
    # The success page, visited afterwards, does not open the course either.
    client.force_login(student)
    page = client.get(f"/payments/success/?session_id={session['id']}")
    assert 'data-status="refunded"' in page.content.decode()
    assert not access(student, paid_course)


@pytest.mark.parametrize(
    "tamper",
    ["wrong-secret", "changed-body", "no-header", "garbage-header", "too-old", "not-json"],
)
def test_a_bad_signature_is_refused_and_changes_nothing(
    client, stripe_stub, order, student, paid_course, tamper
):
    event = completed(stripe_stub, order)
    payload = json.dumps(event)
    headers = {"HTTP_STRIPE_SIGNATURE": sign(payload)}
    if tamper == "wrong-secret":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(payload, secret="whsec_someone_else")
    elif tamper == "changed-body":
        tampered = payload.replace('"amount_total": 99000', '"amount_total": 1')
        assert tampered != payload
        payload = tampered
    elif tamper == "no-header":
        headers = {}
    elif tamper == "garbage-header":
        headers["HTTP_STRIPE_SIGNATURE"] = "nonsense"
    elif tamper == "too-old":
        headers["HTTP_STRIPE_SIGNATURE"] = sign(payload, timestamp=1_600_000_000)
    elif tamper == "not-json":
        payload = "{not json"
        headers["HTTP_STRIPE_SIGNATURE"] = sign(payload)
    response = client.post(WEBHOOK_PATH, data=payload, content_type="application/json", **headers)
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == "pending"
    assert StripeEvent.objects.count() == 0
    assert not access(student, paid_course)


def test_webhook_refuses_when_not_configured(client, no_stripe):
    response = deliver(client, make_event("checkout.session.completed", {"id": "cs_x"}))
    assert response.status_code == 503
    assert StripeEvent.objects.count() == 0


def test_webhook_is_post_only_and_csrf_free(stripe_stub):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get(WEBHOOK_PATH).status_code == 405
    event = make_event("customer.created", {"id": "cus_1", "object": "customer"})
    response = deliver(strict, event)
    assert response.status_code == 200  # unknown types are stored and acknowledged
    assert StripeEvent.objects.get().type == "customer.created"


def test_an_event_for_someone_elses_session_is_stored_and_ignored(client, stripe_stub, order):
    foreign = {
        "id": "cs_test_foreign",
        "object": "checkout.session",
        "payment_status": "paid",
        "client_reference_id": None,
        "payment_intent": "pi_foreign",
    }
    assert deliver(client, make_event("checkout.session.completed", foreign)).status_code == 200
    order.refresh_from_db()
    assert order.status == "pending" and StripeEvent.objects.get().order is None
