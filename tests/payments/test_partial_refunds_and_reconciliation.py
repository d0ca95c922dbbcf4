"""Gateway-neutral services through Stripe's real client: partial refunds from the admin,
totals that count what was kept, and the daily reconciliation of pending orders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.payments import services
from learning.payments.models import Order, Refund
from learning.payments.tasks import reconcile_orders

from .conftest import access, deliver, make_event
from .test_admin import refund_url

pytestmark = pytest.mark.django_db


def test_a_partial_refund_keeps_the_order_paid_and_the_course_open(
    client, admin_user, stripe_stub, paid_order, student, paid_course
):
    client.force_login(admin_user)
    form = client.get(refund_url(paid_order))
    assert form.status_code == 200 and 'name="amount"' in form.content.decode()

    response = client.post(refund_url(paid_order), {"amount": "300", "reason": "Урок сорвался"})
    assert response.status_code == 302
    sent = stripe_stub.calls("POST", "/v1/refunds")[-1]
    assert sent["form"]["amount"] == ["30000"]  # kopecks: a part, not the whole payment
    key = sent["headers"]["Idempotency-Key"]
    assert key.startswith(f"refund-{paid_order.pk}-")

    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == ("paid", Decimal("300"))
    assert access(student, paid_course)
    refund = Refund.objects.get(order=paid_order)
    assert (refund.amount, refund.status, refund.reason) == (
        Decimal("300"),
        Refund.Status.SUCCEEDED,
        "Урок сорвался",
    )
    totals = services.paid_totals(Order.objects.all())
    assert totals == [{"currency": "RUB", "total": Decimal("690"), "count": 1}]

    # What is left, refunded next, refunds the whole: the order ends refunded, access closes.
    client.post(refund_url(paid_order), {"amount": "690"})
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.refunded_amount) == ("refunded", Decimal("990"))
    assert not access(student, paid_course)
    assert services.paid_totals(Order.objects.all()) == []
    assert Refund.objects.filter(order=paid_order).count() == 2


def test_a_refund_larger_than_what_is_left_is_refused(client, admin_user, stripe_stub, paid_order):
    client.force_login(admin_user)
    response = client.post(refund_url(paid_order), {"amount": "991"})
    assert response.status_code == 200  # the form again, with its error
    assert "991" not in str(stripe_stub.calls("POST", "/v1/refunds"))
    assert not stripe_stub.calls("POST", "/v1/refunds")
    paid_order.refresh_from_db()
    assert paid_order.status == "paid" and paid_order.refunded_amount == 0


def test_reconciliation_heals_a_payment_whose_notification_never_came(
    client, stripe_stub, student, paid_course
):
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    order = Order.objects.get()
    stripe_stub.pay(order.checkout_id)  # paid at Stripe; the webhook is lost

    # Within the hour nobody asks (the notification may still come).
    assert reconcile_orders.delay().get()["asked"] == 0
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(hours=2))
    result = reconcile_orders.delay().get()
    assert result == {"asked": 1, "healed": {str(order.pk): "paid"}, "failed": []}
    order.refresh_from_db()
    assert order.status == "paid" and access(student, paid_course)

    # The webhook arriving late changes nothing; a second sweep asks nobody.
    session = stripe_stub.sessions[order.checkout_id]
    deliver(client, make_event("checkout.session.completed", session))
    assert reconcile_orders.delay().get()["asked"] == 0


def test_reconciliation_records_an_expired_page_and_survives_an_unreachable_gateway(
    client, stripe_stub, student, paid_course
):
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    order = Order.objects.get()
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(hours=3))

    stripe_stub.fail_with = (500, {"error": {"type": "api_error", "message": "down"}})
    stripe_stub.server.routes[("GET", f"/v1/checkout/sessions/{order.checkout_id}")] = (
        lambda _request: stripe_stub.fail_with
    )
    assert services.reconcile().failed == [order.pk]
    order.refresh_from_db()
    assert order.status == "pending"

    stripe_stub.sessions[order.checkout_id]["status"] = "expired"
    stripe_stub.server.routes[("GET", f"/v1/checkout/sessions/{order.checkout_id}")] = (
        lambda _request: (200, stripe_stub.sessions[order.checkout_id])
    )
    assert services.reconcile().healed == {str(order.pk): "failed"}
