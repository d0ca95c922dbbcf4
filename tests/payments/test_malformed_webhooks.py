"""Signed but malformed Stripe events: 400, kept for inspection, never a 500; signatures
stamped outside the tolerance, in the past or the future, are refused."""

import json
import time

import pytest

from learning.payments.models import Order, RejectedWebhook, StripeEvent

from .conftest import WEBHOOK_PATH, access, deliver, make_event, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(client, student, paid_course, stripe_stub):
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    client.logout()
    return Order.objects.get()


def post_signed(client, payload: str, **sign_kwargs):
    return client.post(
        WEBHOOK_PATH,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, **sign_kwargs),
    )


def completed_event(stripe_stub, order, **changes) -> dict:
    session = dict(stripe_stub.pay(order.checkout_id), **changes)
    return make_event("checkout.session.completed", session)


def without(event: dict, key: str) -> dict:
    return {k: v for k, v in event.items() if k != key}


# Each builds a validly signed body from a real completed-checkout event of the order.
MALFORMED = {
    "list-body": lambda e: json.dumps([e]),
    "string-body": lambda e: json.dumps("checkout.session.completed"),
    "number-body": lambda e: "42",
    "null-body": lambda e: "null",
    "not-json": lambda e: "{not json",
    "deeply-nested": lambda e: "[" * 100_000 + "]" * 100_000,
    "no-type": lambda e: json.dumps(without(e, "type")),
    "no-id": lambda e: json.dumps(without(e, "id")),
    "numeric-id": lambda e: json.dumps({**e, "id": 12345}),
    "no-data": lambda e: json.dumps(without(e, "data")),
    "no-data-object": lambda e: json.dumps({**e, "data": {}}),
    "data-object-a-list": lambda e: json.dumps({**e, "data": {"object": []}}),
    "superscript-reference": lambda e: json.dumps(
        {**e, "data": {"object": {**e["data"]["object"], "client_reference_id": "²"}}}
    ),
    "overlong-event-id": lambda e: json.dumps({**e, "id": "evt_" + "x" * 5000}),
    "overlong-session-id": lambda e: json.dumps(
        {**e, "data": {"object": {**e["data"]["object"], "id": "cs_" + "x" * 5000}}}
    ),
    "overlong-payment-intent": lambda e: json.dumps(
        {**e, "data": {"object": {**e["data"]["object"], "payment_intent": "pi_" + "x" * 300}}}
    ),
    "nul-in-event-id": lambda e: json.dumps({**e, "id": "evt_\u0000"}),
    "nul-in-session-id": lambda e: json.dumps(
        {**e, "data": {"object": {**e["data"]["object"], "id": "cs_\u0000x"}}}
    ),
    "nul-in-metadata": lambda e: json.dumps(
        {**e, "data": {"object": {**e["data"]["object"], "metadata": {"note\u0000": "a\u0000"}}}}
    ),
    "refund-with-odd-shapes": lambda e: json.dumps(
        make_event(
            "charge.refunded",
            {"id": "ch_1", "payment_intent": {"id": "pi_1"}, "refunded": "yes", "refunds": []},
        )
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_signed_malformed_event_is_refused_and_kept(
    client, stripe_stub, order, student, paid_course, case
):
    payload = MALFORMED[case](completed_event(stripe_stub, order))
    response = post_signed(client, payload)
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_event"
    order.refresh_from_db()
    assert order.status == "pending" and not access(student, paid_course)
    assert StripeEvent.objects.count() == 0
    kept = RejectedWebhook.objects.get()
    assert kept.reason and kept.deliveries == 1
    assert kept.body == payload.replace("\x00", "\\u0000")[:100_000]

    # Stripe delivers it again: still 400, still one row, counted.
    assert post_signed(client, payload).status_code == 400
    kept.refresh_from_db()
    assert kept.deliveries == 2 and RejectedWebhook.objects.count() == 1


def test_rejected_webhooks_are_listed_in_the_admin(client, admin_user, stripe_stub, order):
    event = completed_event(stripe_stub, order)
    payload = json.dumps({**event, "data": {"object": {**event["data"]["object"], "id": None}}})
    assert post_signed(client, payload).status_code == 400
    kept = RejectedWebhook.objects.get()
    assert (kept.event_id, kept.event_type) == (event["id"], "checkout.session.completed")

    client.force_login(admin_user)
    listing = client.get("/admin/rejected-stripe-webhooks/")
    assert listing.status_code == 200 and event["id"] in listing.content.decode()
    # In the Reports menu (the sidebar's data on every admin page).
    assert "/admin/rejected-stripe-webhooks/" in client.get("/admin/").content.decode()
    inspect = client.get(f"/admin/rejected-stripe-webhooks/inspect/{kept.pk}/")
    assert inspect.status_code == 200
    html = inspect.content.decode()
    assert kept.reason in html and event["data"]["object"]["customer_email"] in html
    # Evidence is read-only.
    assert client.get(f"/admin/rejected-stripe-webhooks/edit/{kept.pk}/").status_code == 404
    assert client.get(f"/admin/rejected-stripe-webhooks/delete/{kept.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [(-3600, False), (-200, True), (0, True), (200, True), (3600, False), (10**9, False)],
    ids=["hour-old", "late", "now", "early-clock", "hour-ahead", "far-future"],
)
def test_the_signature_timestamp_is_checked_both_ways(
    client, stripe_stub, order, student, paid_course, offset, accepted
):
    payload = json.dumps(completed_event(stripe_stub, order))
    response = post_signed(client, payload, timestamp=int(time.time()) + offset)
    order.refresh_from_db()
    if accepted:
        assert response.status_code == 200
        assert order.status == "paid" and access(student, paid_course)
    else:
        assert response.status_code == 400 and response.json()["code"] == "bad_webhook"
        assert order.status == "pending" and StripeEvent.objects.count() == 0
    assert RejectedWebhook.objects.count() == 0  # a bad signature is not evidence; not kept


def test_unsigned_junk_is_not_kept(client, stripe_stub):
    response = client.post(
        WEBHOOK_PATH, data="[1]", content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=x"
    )
    assert response.status_code == 400 and RejectedWebhook.objects.count() == 0


def test_a_foreign_reference_is_ignored_not_refused(client, stripe_stub, order):
    """Other integrations on the account (payment links) use their own references."""
    foreign = {
        "id": "cs_test_link",
        "object": "checkout.session",
        "payment_status": "paid",
        "client_reference_id": "partner-42_x",
        "payment_intent": "pi_link",
    }
    response = deliver(client, make_event("checkout.session.completed", foreign))
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "pending" and StripeEvent.objects.get().order is None
