"""Starting a purchase, coming back from Stripe, and who may not buy."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from accounts.services import EmailNotVerified
from learning.enrollment.models import Enrollment
from learning.enrollment.services import grant
from learning.payments import services
from learning.payments.models import Order

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory
from .conftest import SECRET_KEY, access, open_enrollments

pytestmark = pytest.mark.django_db


def start(client, course):
    return client.post(f"/payments/checkout/{course.pk}/")


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_of(call: dict) -> dict[str, str]:
    return {key: values[0] for key, values in call["form"].items()}


def test_checkout_creates_a_pending_order_at_the_current_price(
    client, student, paid_course, stripe_stub
):
    client.force_login(student)
    response = start(client, paid_course)

    order = Order.objects.get()
    session = stripe_stub.sessions[order.checkout_id]
    assert response.status_code == 302 and response.url == session["url"]
    assert (order.user, order.course, order.status) == (student, paid_course, "pending")
    assert (order.amount, order.currency) == (Decimal("990"), "RUB")
    assert (order.email, order.course_title) == (student.email, "Алгебра")

    [call] = stripe_stub.calls("POST", "/v1/checkout/sessions")
    assert call["headers"]["Idempotency-Key"].startswith(f"checkout-{order.pk}-")
    assert call["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"
    form = form_of(call)
    assert form["mode"] == "payment"
    assert form["line_items[0][quantity]"] == "1"
    assert form["line_items[0][price_data][currency]"] == "rub"
    assert form["line_items[0][price_data][unit_amount]"] == "99000"
    assert form["line_items[0][price_data][product_data][name]"] == "Алгебра"
    assert form["client_reference_id"] == str(order.pk)
    assert form["metadata[order_id]"] == str(order.pk)
    assert form["metadata[user_id]"] == str(student.pk)
    assert form["metadata[course_id]"] == str(paid_course.pk)
    assert form["payment_intent_data[metadata][order_id]"] == str(order.pk)
    assert form["customer_email"] == student.email
    assert form["success_url"] == (
        "http://testserver/payments/success/?session_id={CHECKOUT_SESSION_ID}"
    )
    assert form["cancel_url"] == f"http://testserver/payments/cancel/{order.pk}/"
    assert not access(student, paid_course)  # nothing is paid yet

    # A second click while that page is open: the same order and page, no second payment.
    again = start(client, paid_course)
    assert again.url == session["url"] and Order.objects.count() == 1
    assert len(stripe_stub.calls("POST", "/v1/checkout/sessions")) == 1

    # The price is captured: a new price makes a new order; the old one keeps its price and is
    # cancelled (one open order per learner and course), its page closed at Stripe.
    paid_course.price = Decimal("1500.50")
    paid_course.save()
    start(client, paid_course)
    order.refresh_from_db()
    assert order.amount == Decimal("990")
    assert order.status == "cancelled" and order.cancelled_at is not None
    assert session["status"] == "expired"
    assert len(stripe_stub.calls("POST", f"/v1/checkout/sessions/{session['id']}/expire")) == 1
    newer = Order.objects.exclude(pk=order.pk).get()
    assert newer.amount == Decimal("1500.50") and newer.status == "pending"
    last = form_of(stripe_stub.calls("POST", "/v1/checkout/sessions")[-1])
    assert last["line_items[0][price_data][unit_amount]"] == "150050"
    assert str(Order.Status.CANCELLED.label) in client.get("/ru/cabinet/orders/").content.decode()


def test_a_page_about_to_close_is_replaced(client, student, paid_course, stripe_stub):
    client.force_login(student)
    start(client, paid_course)
    old = Order.objects.get()
    Order.objects.filter(pk=old.pk).update(
        checkout_expires_at=timezone.now() + timedelta(minutes=5)
    )
    response = start(client, paid_course)
    old.refresh_from_db()
    new = Order.objects.get(status="pending")
    assert old.status == "cancelled" and new.pk != old.pk
    assert response.url == new.checkout_url != old.checkout_url


def test_a_stripe_failure_charges_nothing_and_says_so(client, student, paid_course, stripe_stub):
    stripe_stub.fail_with = (
        400,
        {"error": {"type": "invalid_request_error", "message": "Amount must be at least 50"}},
    )
    client.force_login(student)
    response = start(client, paid_course)
    assert response.status_code == 302 and response.url == paid_course.url
    assert flashed(response) == [str(services.PaymentServiceUnavailable())]
    assert Order.objects.get().status == "failed"
    assert not open_enrollments(student, paid_course).exists()


def test_success_page_fulfils_only_when_stripe_says_paid(client, student, paid_course, stripe_stub):
    client.force_login(student)
    start(client, paid_course)
    order = Order.objects.get()
    session_id = order.checkout_id
    url = f"/payments/success/?session_id={session_id}"

    # Back from Stripe before the payment is through: the server asks Stripe, waits.
    waiting = client.get(url)
    assert waiting.status_code == 200 and waiting.context["waiting"] is True
    assert 'data-status="pending"' in waiting.content.decode()
    assert len(stripe_stub.calls("GET", f"/v1/checkout/sessions/{session_id}")) == 1
    order.refresh_from_db()
    assert order.status == "pending" and not access(student, paid_course)

    stripe_stub.pay(session_id)
    done = client.get(url)
    assert done.status_code == 200 and done.context["waiting"] is False
    assert 'data-status="paid"' in done.content.decode()
    assert paid_course.url in done.content.decode()  # a link to the course
    order.refresh_from_db()
    assert order.status == "paid" and order.paid_at is not None
    assert order.payment_id == stripe_stub.sessions[session_id]["payment_intent"]
    enrollment = open_enrollments(student, paid_course).get()
    assert enrollment.source == Enrollment.Source.PURCHASE and order.enrollment == enrollment
    assert access(student, paid_course)

    # Reloading the page changes nothing and asks Stripe nothing more.
    client.get(url)
    assert open_enrollments(student, paid_course).count() == 1
    assert len(stripe_stub.calls("GET", f"/v1/checkout/sessions/{session_id}")) == 2

    # Someone else's session id shows nothing and fulfils nothing.
    client.force_login(StudentFactory(verified=True))
    assert client.get(url).status_code == 404
    assert client.get("/payments/success/").status_code == 404


def test_cancel_page_charges_nothing(client, student, paid_course, stripe_stub):
    client.force_login(student)
    start(client, paid_course)
    order = Order.objects.get()
    response = client.get(f"/payments/cancel/{order.pk}/")
    assert response.status_code == 200
    assert 'data-status="pending"' in response.content.decode()
    assert paid_course.url in response.content.decode()
    order.refresh_from_db()
    assert order.status == "pending" and not access(student, paid_course)
    client.force_login(StudentFactory(verified=True))
    assert client.get(f"/payments/cancel/{order.pk}/").status_code == 404


def render_buy(course, user) -> str:
    request = RequestFactory().get(course.url)
    request.user = user
    return render_to_string("payments/buy.html", {"page": course, "user": user}, request=request)


def test_buy_button_only_when_payments_are_configured(settings, student, paid_course):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    html = render_buy(paid_course, student)
    assert f'action="/payments/checkout/{paid_course.pk}/"' in html
    assert str(services.PaymentsNotConfigured()) not in html

    settings.STRIPE_WEBHOOK_SECRET = ""  # charging without hearing the outcome is not allowed
    assert not services.payments_configured()
    html = render_buy(paid_course, student)
    assert "/payments/checkout/" not in html
    assert str(services.PaymentsNotConfigured()) in html


def test_without_keys_nothing_pretends_to_charge(
    client, api_client, student, paid_course, no_stripe
):
    assert not services.payments_configured()
    html = render_buy(paid_course, student)
    assert str(services.PaymentsNotConfigured()) in html and "не настроена" in html
    assert "<form" not in html

    client.force_login(student)
    response = start(client, paid_course)
    assert response.status_code == 302 and response.url == paid_course.url
    assert flashed(response) == [str(services.PaymentsNotConfigured())]

    api_client.force_authenticate(student)
    api = api_client.post(f"/api/courses/{paid_course.pk}/checkout/")
    assert api.status_code == 400 and api.json()["code"] == "payments_not_configured"
    assert api.json()["detail"] == str(services.PaymentsNotConfigured())

    assert Order.objects.count() == 0
    assert no_stripe.requests == []  # no network call at all


def test_an_unconfirmed_email_cannot_pay(client, api_client, paid_course, stripe_stub):
    learner = StudentFactory()  # e-mail not confirmed
    client.force_login(learner)
    response = start(client, paid_course)
    assert response.url == paid_course.url
    assert flashed(response) == [str(EmailNotVerified())]
    api_client.force_authenticate(learner)
    assert api_client.post(f"/api/courses/{paid_course.pk}/checkout/").status_code == 403
    assert Order.objects.count() == 0 and stripe_stub.requests == []


@pytest.mark.parametrize("case", ["archived", "free", "enrolled", "teacher"])
def test_courses_that_cannot_be_bought(client, catalog, student, stripe_stub, case):
    course = CoursePageFactory(
        parent=catalog,
        price=Decimal("0") if case == "free" else Decimal("500"),
        status="archived" if case == "archived" else "published",
    )
    buyer = course.teacher if case == "teacher" else student
    if case == "teacher":
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=buyer, email=buyer.email, primary=True, verified=True)
    if case == "enrolled":
        grant(student, course, Enrollment.Source.MANUAL)
    client.force_login(buyer)
    response = start(client, course)
    assert response.status_code == 302 and response.url == course.url
    [message] = flashed(response)
    assert message and message != str(services.PaymentsNotConfigured())
    with pytest.raises(services.CheckoutRefused):
        services.check_can_buy(buyer, course)
    assert Order.objects.count() == 0 and stripe_stub.requests == []


def test_an_unpublished_course_is_not_found(client, student, paid_course, stripe_stub):
    paid_course.unpublish()
    client.force_login(student)
    assert start(client, paid_course).status_code == 404
    assert client.get(f"/payments/checkout/{paid_course.pk}/").status_code == 405
    assert Order.objects.count() == 0 and stripe_stub.requests == []


def test_checkout_needs_sign_in(client, paid_course, stripe_stub):
    response = start(client, paid_course)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert Order.objects.count() == 0


@pytest.mark.parametrize("session_id", ["cs_\x00x", "cs_" + "x" * 300, "²"])
def test_an_odd_session_id_on_the_success_page_is_not_found(
    client, student, paid_course, stripe_stub, session_id
):
    client.force_login(student)
    start(client, paid_course)
    response = client.get("/payments/success/", {"session_id": session_id})
    assert response.status_code == 404 and stripe_stub.calls("GET", "/v1/") == []
