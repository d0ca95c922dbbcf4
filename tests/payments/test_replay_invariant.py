"""The replay invariant (issue 17): 1,000 notifications across Stripe, YooKassa and PayPal —
every order's events shuffled together, a fifth of the deliveries repeats of others — give
exactly one enrollment per paid order and none for refunded or failed ones.

The gateways' worlds are settled first (paid, refunded, declined at the stand-ins), as when
the notifications were held up and then arrive all at once, in any order and more than once;
each is delivered to its real endpoint and goes through the real clients.
"""

import json
import random
from decimal import Decimal

import pytest

from learning.enrollment.models import Enrollment
from learning.payments import gateways, services
from learning.payments.models import GatewayNotification, Order, StripeEvent

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory
from .conftest import WEBHOOK_PATH, charge_object, make_event, sign
from .test_gateway_notifications import PAYPAL_PATH, YOOKASSA_ADDRESS, YOOKASSA_PATH

pytestmark = pytest.mark.django_db

DELIVERIES = 1_000
PER_GATEWAY = {"stripe": 160, "yookassa": 160, "paypal": 176}
OUTCOMES = ("paid", "paid", "refunded", "failed")  # by order number, in turn


def checkouts(gateway: str, course, count: int) -> list[Order]:
    orders = []
    for learner in StudentFactory.create_batch(count, verified=True):
        order, _url = services.start_checkout(
            learner,
            course,
            "http://testserver/payments/success/?{RETURN}",
            "http://testserver/payments/cancel/{ORDER_ID}/",
            gateway=gateway,
        )
        orders.append(order)
    return orders


def settle_stripe(stripe, order: Order, outcome: str) -> list[tuple]:
    session = stripe.sessions[order.checkout_id]
    if outcome == "failed":
        session["status"] = "expired"
        return [("stripe", make_event("checkout.session.expired", dict(session)))]
    paid = dict(stripe.pay(order.checkout_id))
    events = [("stripe", make_event("checkout.session.completed", paid))]
    if outcome == "refunded":
        charge = charge_object(paid["payment_intent"], metadata={"order_id": str(order.pk)})
        events.append(("stripe", make_event("charge.refunded", charge)))
    return events


def settle_yookassa(yookassa, order: Order, outcome: str) -> list[tuple]:
    if outcome == "failed":
        return [
            (
                "yookassa",
                yookassa.notification("payment.canceled", yookassa.cancel(order.checkout_id)),
            )
        ]
    paid = yookassa.pay(order.checkout_id)
    events = [("yookassa", yookassa.notification("payment.succeeded", paid))]
    if outcome == "refunded":
        order.payment_id = order.checkout_id
        refund = gateways.get("yookassa").refund(order, order.amount, key=f"replay-{order.pk}")
        events.append(
            (
                "yookassa",
                yookassa.notification("refund.succeeded", yookassa.refunds[refund.refund_id]),
            )
        )
    return events


def settle_paypal(paypal, order: Order, outcome: str) -> list[tuple]:
    approved = paypal.approve(order.checkout_id)
    events = [("paypal", paypal.webhook("CHECKOUT.ORDER.APPROVED", approved))]
    paypal.capture_status = "DECLINED" if outcome == "failed" else "COMPLETED"
    status = gateways.get("paypal").capture(order)  # the buyer came back; its record was lost
    capture = paypal.capture_of(order.checkout_id)
    if outcome == "failed":
        return [*events, ("paypal", paypal.webhook("PAYMENT.CAPTURE.DENIED", capture))]
    events.append(("paypal", paypal.webhook("PAYMENT.CAPTURE.COMPLETED", capture)))
    if outcome == "refunded":
        order.payment_id = status.payment_id
        refund = gateways.get("paypal").refund(order, order.amount, key=f"replay-{order.pk}")
        events.append(
            ("paypal", paypal.webhook("PAYMENT.CAPTURE.REFUNDED", paypal.refunds[refund.refund_id]))
        )
    return events


def deliver(client, gateway: str, delivery) -> int:
    if gateway == "stripe":
        payload = json.dumps(delivery)
        return client.post(
            WEBHOOK_PATH,
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(payload),
        ).status_code
    if gateway == "yookassa":
        return client.post(
            YOOKASSA_PATH,
            data=delivery,
            content_type="application/json",
            REMOTE_ADDR=YOOKASSA_ADDRESS,
        ).status_code
    body, headers = delivery
    meta = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"
    }
    return client.post(PAYPAL_PATH, data=body, content_type="application/json", **meta).status_code


def test_shuffled_and_repeated_notifications_give_one_enrollment_per_paid_order(
    client, catalog, stripe_stub, yookassa, paypal
):
    roubles = CoursePageFactory(parent=catalog, title="Алгебра", price=Decimal("990"))
    dollars = CoursePageFactory(
        parent=catalog, title="English", price=Decimal("25"), currency="USD"
    )
    for course in (roubles, dollars):
        LessonPageFactory(parent=course, title="Урок 1")
    settle = {
        "stripe": (roubles, lambda o, x: settle_stripe(stripe_stub, o, x)),
        "yookassa": (roubles, lambda o, x: settle_yookassa(yookassa, o, x)),
        "paypal": (dollars, lambda o, x: settle_paypal(paypal, o, x)),
    }
    expected: dict[int, str] = {}
    unique: list[tuple] = []
    for gateway, count in PER_GATEWAY.items():
        course, settle_one = settle[gateway]
        for number, order in enumerate(checkouts(gateway, course, count)):
            outcome = OUTCOMES[number % len(OUTCOMES)]
            expected[order.pk] = outcome
            unique.extend(settle_one(order, outcome))

    rng = random.Random(2026)
    repeats = DELIVERIES - len(unique)
    assert 0.18 <= repeats / DELIVERIES <= 0.22  # a fifth of the deliveries are repeats
    deliveries = unique + [rng.choice(unique) for _ in range(repeats)]
    rng.shuffle(deliveries)
    answers = [deliver(client, gateway, delivery) for gateway, delivery in deliveries]
    assert answers == [200] * DELIVERIES

    orders = Order.objects.in_bulk(list(expected))
    wrong = {
        pk: (orders[pk].status, want) for pk, want in expected.items() if orders[pk].status != want
    }
    assert not wrong
    open_by_order = {
        pk: Enrollment.objects.filter(
            user_id=orders[pk].user_id, course_id=orders[pk].course_id, status__in=Enrollment.OPEN
        ).count()
        for pk in expected
    }
    assert {pk for pk, n in open_by_order.items() if n == 1} == {
        pk for pk, want in expected.items() if want == "paid"
    }
    assert set(open_by_order.values()) == {0, 1}
    assert Enrollment.objects.filter(status__in=Enrollment.OPEN).count() == sum(
        1 for want in expected.values() if want == "paid"
    )
    # Each delivery was processed once: a repeat found its record and asked nobody.
    assert StripeEvent.objects.count() == sum(1 for g, _d in unique if g == "stripe")
    assert GatewayNotification.objects.count() == sum(1 for g, _d in unique if g != "stripe")
