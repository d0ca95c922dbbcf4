"""YooKassa's and PayPal's notifications through their real endpoints, the services and the
gateways' real clients against their stand-ins: acted on only through the status fetched
back, once, in any order; forged ones change nothing; the buyer's return confirms too."""

from decimal import Decimal

import pytest

from learning.payments import gateways
from learning.payments.models import FiscalReceipt, GatewayNotification, Order

from ..courses.factories import CoursePageFactory, LessonPageFactory
from .conftest import access

pytestmark = pytest.mark.django_db

YOOKASSA_PATH = "/api/payments/yookassa/notifications/"
PAYPAL_PATH = "/api/payments/paypal/webhook/"
YOOKASSA_ADDRESS = "185.71.76.10"  # inside YooKassa's published 185.71.76.0/27


def buy(client, user, course, gateway: str) -> Order:
    client.force_login(user)
    response = client.post(f"/payments/checkout/{course.pk}/", {"gateway": gateway})
    assert response.status_code == 302, response
    client.logout()
    order = Order.objects.get(user=user, course=course, status="pending")
    assert order.gateway == gateway and response["Location"] == order.checkout_url
    return order


def tell_yookassa(client, fake, event: str, obj: dict, address: str = YOOKASSA_ADDRESS, **extra):
    return client.post(
        YOOKASSA_PATH,
        data=fake.notification(event, obj),
        content_type="application/json",
        REMOTE_ADDR=address,
        **extra,
    )


def fetches(fake, payment_id: str) -> int:
    return len(fake.calls("GET", f"/v3/payments/{payment_id}"))


# --- YooKassa -----------------------------------------------------------------------------------


def test_a_yookassa_payment_is_recorded_once_from_the_fetched_status(
    client, yookassa, student, paid_course
):
    order = buy(client, student, paid_course, "yookassa")
    payment = yookassa.pay(order.checkout_id)

    answer = tell_yookassa(client, yookassa, "payment.succeeded", payment)
    assert answer.json() == {"received": True, "duplicate": False}
    order.refresh_from_db()
    assert order.status == "paid" and order.payment_id == order.checkout_id
    assert access(student, paid_course)
    receipt = FiscalReceipt.objects.get(order=order)
    assert (receipt.kind, receipt.status) == ("payment", "succeeded")
    assert receipt.fiscal_document_number and receipt.fiscal_storage_number

    asked = fetches(yookassa, order.checkout_id)
    again = tell_yookassa(client, yookassa, "payment.succeeded", payment)
    assert again.json() == {"received": True, "duplicate": True}
    assert fetches(yookassa, order.checkout_id) == asked  # a repeat asks nobody
    assert GatewayNotification.objects.filter(gateway="yookassa").count() == 1


def test_a_notification_from_outside_yookassas_addresses_changes_nothing(
    client, yookassa, student, paid_course
):
    order = buy(client, student, paid_course, "yookassa")
    payment = yookassa.pay(order.checkout_id)
    answer = tell_yookassa(client, yookassa, "payment.succeeded", payment, "203.0.113.5")
    assert answer.status_code == 400
    assert fetches(yookassa, order.checkout_id) == 0
    order.refresh_from_db()
    assert order.status == "pending" and not access(student, paid_course)


def test_the_sender_is_read_through_our_proxies_only(
    client, settings, yookassa, student, paid_course
):
    order = buy(client, student, paid_course, "yookassa")
    payment = yookassa.pay(order.checkout_id)
    # No proxy of ours: X-Forwarded-For is anyone's word.
    spoofed = tell_yookassa(
        client,
        yookassa,
        "payment.succeeded",
        payment,
        "203.0.113.5",
        HTTP_X_FORWARDED_FOR=YOOKASSA_ADDRESS,
    )
    assert spoofed.status_code == 400
    settings.TRUSTED_PROXY_COUNT = 1  # our proxy at 10.0.0.2 appended YooKassa's address
    proxied = tell_yookassa(
        client,
        yookassa,
        "payment.succeeded",
        payment,
        "10.0.0.2",
        HTTP_X_FORWARDED_FOR=YOOKASSA_ADDRESS,
    )
    assert proxied.status_code == 200
    order.refresh_from_db()
    assert order.status == "paid"


def test_a_notification_whose_fetched_status_disagrees_changes_nothing(
    client, yookassa, student, paid_course
):
    order = buy(client, student, paid_course, "yookassa")
    lie = {**yookassa.payments[order.checkout_id], "status": "succeeded", "paid": True}
    answer = tell_yookassa(client, yookassa, "payment.succeeded", lie)
    assert answer.status_code == 200
    assert fetches(yookassa, order.checkout_id) == 1  # asked, and YooKassa says pending
    order.refresh_from_db()
    assert order.status == "pending" and not access(student, paid_course)
    # A payment of another shop (an id YooKassa does not know for us) names no order.
    stranger = {**lie, "id": "2d6f1c8e-000f-5000-9000-1f0a0a0a0a0a", "metadata": {}}
    assert tell_yookassa(client, yookassa, "payment.succeeded", stranger).status_code == 200
    assert Order.objects.get(pk=order.pk).status == "pending"


def test_a_refund_heard_before_its_payment_wins(client, yookassa, student, paid_course):
    order = buy(client, student, paid_course, "yookassa")
    payment = yookassa.pay(order.checkout_id)
    order.refresh_from_db()
    order.payment_id = order.checkout_id  # what the gateway refunds by
    refund = gateways.get("yookassa").refund(order, Decimal("990"), key="refund-at-yookassa")
    refund_object = yookassa.refunds[refund.refund_id]

    tell_yookassa(client, yookassa, "refund.succeeded", refund_object)
    tell_yookassa(client, yookassa, "payment.succeeded", payment)
    order.refresh_from_db()
    assert order.status == "refunded" and order.refunded_amount == Decimal("990")
    assert not access(student, paid_course)
    assert set(FiscalReceipt.objects.filter(order=order).values_list("kind", flat=True)) == {
        "payment",
        "refund",
    }


def test_a_partial_refund_at_yookassa_keeps_the_course_open(client, yookassa, student, paid_course):
    order = buy(client, student, paid_course, "yookassa")
    tell_yookassa(client, yookassa, "payment.succeeded", yookassa.pay(order.checkout_id))
    order.refresh_from_db()
    refund = gateways.get("yookassa").refund(order, Decimal("190"), key="part-at-yookassa")
    tell_yookassa(client, yookassa, "refund.succeeded", yookassa.refunds[refund.refund_id])
    order.refresh_from_db()
    assert (order.status, order.refunded_amount) == ("paid", Decimal("190"))
    assert access(student, paid_course)
    # Staff see the refund made at YooKassa among the order's refunds, once.
    tell_yookassa(client, yookassa, "payment.succeeded", yookassa.payments[order.checkout_id])
    assert list(order.refunds.values_list("refund_id", "amount")) == [
        (refund.refund_id, Decimal("190"))
    ]


def test_a_held_payment_is_captured_when_its_notification_comes(
    client, settings, yookassa, student, paid_course
):
    settings.YOOKASSA_TWO_STAGE = True
    order = buy(client, student, paid_course, "yookassa")
    held = yookassa.pay(order.checkout_id)
    assert held["status"] == "waiting_for_capture"
    tell_yookassa(client, yookassa, "payment.waiting_for_capture", held)
    assert yookassa.calls("POST", f"/v3/payments/{order.checkout_id}/capture")
    order.refresh_from_db()
    assert order.status == "paid" and access(student, paid_course)


def test_the_buyers_return_from_yookassa_confirms_without_a_notification(
    client, yookassa, student, paid_course
):
    order = buy(client, student, paid_course, "yookassa")
    yookassa.pay(order.checkout_id)
    client.force_login(student)
    page = client.get(f"/payments/success/?order={order.pk}")
    assert page.status_code == 200 and page.context["order"].status == "paid"
    # Someone else's order number shows nothing.
    client.force_login(paid_course.owner)
    assert client.get(f"/payments/success/?order={order.pk}").status_code == 404


# --- PayPal -------------------------------------------------------------------------------------


@pytest.fixture
def dollar_course(catalog):
    course = CoursePageFactory(
        parent=catalog, title="English for IT", price=Decimal("25"), currency="USD"
    )
    LessonPageFactory(parent=course, title="Stand-ups")
    return course


def tell_paypal(client, body: bytes, headers: dict):
    meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    meta.pop("HTTP_CONTENT_TYPE", None)
    return client.post(PAYPAL_PATH, data=body, content_type="application/json", **meta)


def test_an_approved_paypal_order_is_captured_from_its_verified_webhook(
    client, paypal, student, dollar_course
):
    order = buy(client, student, dollar_course, "paypal")
    approved = paypal.approve(order.checkout_id)
    answer = tell_paypal(client, *paypal.webhook("CHECKOUT.ORDER.APPROVED", approved))
    assert answer.json() == {"received": True, "duplicate": False}
    order.refresh_from_db()
    assert order.status == "paid" and order.payment_id == paypal.capture_of(order.checkout_id)["id"]
    assert access(student, dollar_course)
    assert len(paypal.verify_requests()) == 1


def test_a_forged_paypal_webhook_changes_nothing(client, paypal, student, dollar_course):
    order = buy(client, student, dollar_course, "paypal")
    approved = paypal.approve(order.checkout_id)
    answer = tell_paypal(client, *paypal.forge("CHECKOUT.ORDER.APPROVED", approved))
    assert answer.status_code == 400
    assert not paypal.calls("POST", f"/v2/checkout/orders/{order.checkout_id}/capture")
    order.refresh_from_db()
    assert order.status == "pending"


def test_paypal_captures_on_the_buyers_return_and_a_refund_there_closes_the_course(
    client, paypal, student, dollar_course
):
    order = buy(client, student, dollar_course, "paypal")
    paypal.approve(order.checkout_id)
    client.force_login(student)
    page = client.get(f"/payments/success/?order={order.pk}&token={order.checkout_id}&PayerID=X")
    assert page.context["order"].status == "paid"
    order.refresh_from_db()
    result = gateways.get("paypal").refund(order, Decimal("25"), key="refund-at-paypal")
    refund = paypal.refunds[result.refund_id]
    tell_paypal(client, *paypal.webhook("PAYMENT.CAPTURE.REFUNDED", refund))
    order.refresh_from_db()
    assert order.status == "refunded" and not access(student, dollar_course)


def test_notifications_of_a_gateway_without_keys_are_refused_for_later(client):
    """No keys: 503, so the gateway delivers again once the school configures it."""
    for path in (YOOKASSA_PATH, PAYPAL_PATH):
        answer = client.post(path, data=b"{}", content_type="application/json")
        assert (answer.status_code, answer.json()["code"]) == (503, "webhooks_not_configured")
