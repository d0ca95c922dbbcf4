"""A second payment for a course the learner already has (two tabs, an old Checkout page
paid after a newer one): refunded automatically, once; one enrollment; the learner is told."""

from decimal import Decimal

import pytest

from accounts.models import Notification
from learning.enrollment.models import Enrollment
from learning.enrollment.services import grant
from learning.payments import tasks
from learning.payments.models import Order

from .conftest import access, charge_object, deliver, make_event, open_enrollments

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_paid_sessions(client, student, paid_course, stripe_stub):
    """Tab 1 opens Checkout and pays; before Stripe's webhook arrives, the price changes and
    tab 2 buys again (the first page can no longer be closed: it is paid) and pays too."""
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    first = Order.objects.get()
    first_session = stripe_stub.pay(first.checkout_id)
    paid_course.price = Decimal("1200")
    paid_course.save()
    client.post(f"/payments/checkout/{paid_course.pk}/")
    first.refresh_from_db()
    assert first.status == "cancelled"  # replaced by the newer order
    second = Order.objects.get(status="pending")
    second_session = stripe_stub.pay(second.checkout_id)
    client.logout()
    return (first, first_session), (second, second_session)


def completed(session) -> dict:
    return make_event("checkout.session.completed", session)


def test_the_second_payment_is_refunded_once_and_the_learner_told(
    client,
    stripe_stub,
    student,
    paid_course,
    two_paid_sessions,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    (first, first_session), (second, second_session) = two_paid_sessions
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, completed(first_session)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        second_event = completed(second_session)
        assert deliver(client, second_event).status_code == 200

    first.refresh_from_db()
    second.refresh_from_db()
    enrollment = open_enrollments(student, paid_course).get()  # exactly one
    assert first.status == "paid" and first.enrollment == enrollment
    assert second.status == "refunded" and second.refund_reason == "duplicate"
    assert second.enrollment is None and second.refunded_at is not None
    assert access(student, paid_course)

    # The refund went to Stripe, for the second payment, under its idempotency key.
    [call] = stripe_stub.calls("POST", "/v1/refunds")
    assert call["headers"]["Idempotency-Key"] == f"refund-{second.pk}"
    assert call["form"]["payment_intent"] == [second_session["payment_intent"]]
    assert call["form"]["metadata[order_id]"] == [str(second.pk)]
    assert second.refund_id == stripe_stub.refunds[0]["id"]

    # The learner is told: a notice in the cabinet and an e-mail, linking to the receipt.
    notice = Notification.objects.get(user=student, key__endswith=":refunded")
    assert notice.url == f"/ru/cabinet/orders/{second.pk}/"
    assert second.course_title in notice.title and second.amount_display in notice.body
    # Two e-mails: the first payment's receipt, then this refund.
    assert [mail.subject for mail in mailoutbox][-1] == notice.title
    assert [mail.to for mail in mailoutbox] == [[student.email]] * 2
    client.force_login(student)
    assert notice.title in client.get("/ru/cabinet/notifications/").content.decode()
    orders = client.get("/ru/cabinet/orders/").content.decode()
    assert orders.count('data-testid="duplicate-payment"') == 1
    assert 'data-testid="duplicate-payment"' in client.get(notice.url).content.decode()
    result = client.get(f"/payments/success/?session_id={second_session['id']}")
    assert 'data-testid="duplicate-payment"' in result.content.decode()
    assert 'data-status="refunded"' in result.content.decode()
    api = client.get("/api/orders/").json()["results"]
    assert {row["id"]: row["refund_reason"] for row in api} == {
        second.pk: "duplicate",
        first.pk: "",
    }

    # Redelivered, repeated under a new event, and Stripe's own refund report: no second
    # refund, no second notice, and the course stays open.
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, second_event).json()["duplicate"] is True
        again = make_event("checkout.session.async_payment_succeeded", second_session)
        assert deliver(client, again).status_code == 200
        report = charge_object(
            second_session["payment_intent"], metadata={"order_id": str(second.pk)}
        )
        assert deliver(client, make_event("charge.refunded", report)).status_code == 200
        tasks.refund_duplicate_payments()
    assert len(stripe_stub.calls("POST", "/v1/refunds")) == 1
    assert Notification.objects.filter(user=student, key__endswith=":refunded").count() == 1
    assert open_enrollments(student, paid_course).get() == enrollment
    assert access(student, paid_course)


def test_a_refund_stripe_refuses_now_is_made_by_the_sweep(
    client, stripe_stub, student, paid_course, two_paid_sessions, django_capture_on_commit_callbacks
):
    (first, first_session), (second, second_session) = two_paid_sessions
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(first_session))
    stripe_stub.fail_with = (500, {"error": {"type": "api_error", "message": "Try later"}})
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, completed(second_session)).status_code == 200  # not a 500
    second.refresh_from_db()
    assert second.status == "paid" and second.refund_reason == "duplicate"  # refund due
    assert Notification.objects.filter(user=student, key__endswith=":refunded").count() == 0
    assert access(student, paid_course)

    stripe_stub.fail_with = None
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.refund_duplicate_payments() == 1  # Celery beat's sweep
        assert tasks.refund_duplicate_payments() == 0
    second.refresh_from_db()
    assert second.status == "refunded"
    keys = {c["headers"]["Idempotency-Key"] for c in stripe_stub.calls("POST", "/v1/refunds")}
    assert keys == {f"refund-{second.pk}"}  # every attempt under the one key
    assert len(stripe_stub.refunds) == 1
    assert Notification.objects.filter(user=student, key__endswith=":refunded").count() == 1
    assert open_enrollments(student, paid_course).count() == 1


def test_a_payment_after_a_staff_grant_is_refunded(
    client, stripe_stub, student, paid_course, django_capture_on_commit_callbacks
):
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    order = Order.objects.get()
    grant(student, paid_course, Enrollment.Source.MANUAL)  # staff gave the course meanwhile
    session = stripe_stub.pay(order.checkout_id)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(session))
    order.refresh_from_db()
    assert order.status == "refunded" and order.refund_reason == "duplicate"
    assert open_enrollments(student, paid_course).get().source == "manual"
    assert len(stripe_stub.refunds) == 1
