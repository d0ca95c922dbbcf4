"""The learner hears of a payment (its receipt, which is also the purchase's enrolment notice)
and of its refund: once each, however often Stripe delivers, by e-mail as the switch says."""

import pytest

from accounts import services as accounts
from accounts.models import Notification
from learning.payments.models import Order

from .conftest import charge_object, deliver, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(client, student, paid_course, stripe_stub):
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    client.logout()
    return Order.objects.get()


def completed(stripe_stub, order):
    session = stripe_stub.pay(order.checkout_id)
    return make_event("checkout.session.completed", session)


def test_a_payment_sends_one_receipt_however_often_stripe_delivers(
    client, stripe_stub, order, student, mailoutbox, django_capture_on_commit_callbacks
):
    event = completed(stripe_stub, order)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event)
        deliver(client, event)  # a redelivery
        # The same payment under a new event id, and the success page after it.
        deliver(
            client, make_event("checkout.session.async_payment_succeeded", event["data"]["object"])
        )
    [notice] = Notification.objects.filter(user=student)
    assert notice.kind == "payments" and notice.key == f"order:{order.pk}:paid"
    assert order.course_title in notice.title and "990" in notice.body
    assert notice.url == f"/ru/cabinet/orders/{order.pk}/"
    assert [mail.subject for mail in mailoutbox] == [notice.title]


def test_the_receipt_respects_the_payments_switch(
    client, stripe_stub, order, student, mailoutbox, django_capture_on_commit_callbacks
):
    accounts.update_settings(student, {"email_payments": False})
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(stripe_stub, order))
    assert Notification.objects.filter(user=student, kind="payments").count() == 1  # in-app
    assert mailoutbox == []


def test_a_refund_tells_the_learner_once(
    client, stripe_stub, order, student, mailoutbox, django_capture_on_commit_callbacks
):
    event = completed(stripe_stub, order)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event)
    refund = make_event("charge.refunded", charge_object(event["data"]["object"]["payment_intent"]))
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, refund)
        deliver(client, refund)
        deliver(client, make_event("charge.refunded", refund["data"]["object"]))
    [notice] = Notification.objects.filter(user=student, key=f"order:{order.pk}:refunded")
    assert notice.kind == "payments" and order.course_title in notice.title
    assert order.amount_display in notice.body
    assert [mail.subject for mail in mailoutbox][-1] == notice.title
    assert len(mailoutbox) == 2  # the receipt, then the refund


def test_a_refund_respects_the_payments_switch(
    client, stripe_stub, order, student, mailoutbox, django_capture_on_commit_callbacks
):
    event = completed(stripe_stub, order)
    deliver(client, event)
    accounts.update_settings(student, {"email_payments": False})
    refund = make_event("charge.refunded", charge_object(event["data"]["object"]["payment_intent"]))
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, refund)
    assert Notification.objects.filter(user=student, key__endswith=":refunded").count() == 1
    assert mailoutbox == []
