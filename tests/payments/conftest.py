"""Stripe for the payment tests: the real `stripe` library against a local stand-in server.

FakeStripe answers like api.stripe.com (checkout sessions, refunds) and records every
request; like Stripe, a request repeated with its Idempotency-Key gets the first answer
(and the same key with other parameters an error). Webhooks are signed here with the real
scheme, t=…,v1=HMAC-SHA256(secret, "t.body").
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
from decimal import Decimal

import pytest

from learning.enrollment.models import Enrollment
from learning.payments.models import Order

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..stub_server import StubServer
from .fake_paypal import paypal  # noqa: F401 (the PayPal stand-in's fixture)

SECRET_KEY = "sk_test_ustat"
WEBHOOK_SECRET = "whsec_test_ustat"
# Mounted once, in the API (issue 10 removed the /payments/stripe/webhook/ duplicate).
WEBHOOK_PATH = "/api/payments/stripe/webhook/"
LESSON_TEXT = "Текст урока только для учеников."

_ids = itertools.count(1)


def stripe_id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}"


class FakeStripe:
    """Checkout sessions and refunds, kept in memory, answered as Stripe's JSON objects."""

    def __init__(self) -> None:
        self.sessions: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.fail_with: tuple[int, dict] | None = None
        # Set by tests/payments/stripe_page.py: the hosted Checkout page a browser can use.
        self.page_base = ""
        self._answered: dict[str, tuple[str, tuple[int, dict]]] = {}
        self._lock = threading.Lock()
        self.server = StubServer(
            {
                ("POST", "/v1/checkout/sessions"): self._idempotent(self._create_session),
                ("POST", "/v1/refunds"): self._idempotent(self._create_refund),
            }
        )

    def _idempotent(self, create):
        """Stripe's idempotency: the first answer to a key is the answer to its repeats."""

        def route(request: dict) -> tuple[int, dict]:
            key = request["headers"].get("Idempotency-Key")
            if not key:
                return create(request)
            with self._lock:  # Stripe, too, runs one request of a key at a time
                if key in self._answered:
                    body, answer = self._answered[key]
                    if body != request["body"]:
                        return 400, {
                            "error": {
                                "type": "idempotency_error",
                                "message": "Keys for idempotent requests can only be used "
                                "with the same parameters they were first used with.",
                            }
                        }
                    return answer
                answer = create(request)
                if answer[0] == 200:  # a refused request stores no result
                    self._answered[key] = (request["body"], answer)
                return answer

        return route

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def requests(self) -> list[dict]:
        return self.server.requests

    def calls(self, method: str, path_start: str) -> list[dict]:
        return [
            r for r in self.requests if r["method"] == method and r["path"].startswith(path_start)
        ]

    def _create_session(self, request: dict) -> tuple[int, dict]:
        if self.fail_with:
            return self.fail_with
        form = {key: values[0] for key, values in request["form"].items()}
        session_id = stripe_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": form["mode"],
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "url": f"{self.page_base or 'https://checkout.stripe.com'}/c/pay/{session_id}",
            "client_reference_id": form.get("client_reference_id"),
            "customer_email": form.get("customer_email"),
            "amount_total": int(form["line_items[0][price_data][unit_amount]"]),
            "currency": form["line_items[0][price_data][currency]"],
            "metadata": {
                key[len("metadata[") : -1]: value
                for key, value in form.items()
                if key.startswith("metadata[")
            },
            "success_url": form["success_url"],
            "cancel_url": form["cancel_url"],
            "expires_at": int(time.time()) + 24 * 3600,
            "livemode": False,
        }
        self.sessions[session_id] = session
        self.server.routes[("GET", f"/v1/checkout/sessions/{session_id}")] = (
            lambda _request, sid=session_id: (200, self.sessions[sid])
        )
        self.server.routes[("POST", f"/v1/checkout/sessions/{session_id}/expire")] = (
            lambda _request, sid=session_id: self._expire_session(sid)
        )
        return 200, dict(session)

    def _expire_session(self, session_id: str) -> tuple[int, dict]:
        session = self.sessions[session_id]
        if session["status"] != "open":  # Stripe: only an open session can be expired
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": f'Only Checkout Sessions with a status in ["open"] can be '
                    f"expired. This Checkout Session has a status of {session['status']}.",
                }
            }
        session["status"] = "expired"
        return 200, dict(session)

    def _create_refund(self, request: dict) -> tuple[int, dict]:
        if self.fail_with:
            return self.fail_with
        form = {key: values[0] for key, values in request["form"].items()}
        refund = {
            "id": stripe_id("re"),
            "object": "refund",
            "amount": int(form.get("amount", 99000)),
            "currency": "rub",
            "payment_intent": form["payment_intent"],
            "status": "succeeded",
            "metadata": {
                key[len("metadata[") : -1]: value
                for key, value in form.items()
                if key.startswith("metadata[")
            },
        }
        self.refunds.append(refund)
        return 200, refund

    def pay(self, session_id: str, payment_status: str = "paid") -> dict:
        """The buyer pays on Stripe's page: the session completes with a payment intent."""
        session = self.sessions[session_id]
        session.update(
            status="complete", payment_status=payment_status, payment_intent=stripe_id("pi")
        )
        return session


@pytest.fixture
def stripe_stub(settings):
    """Stripe configured and pointed at the local stand-in."""
    fake = FakeStripe()
    with fake.server:
        settings.STRIPE_SECRET_KEY = SECRET_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = fake.url
        yield fake


@pytest.fixture
def no_stripe(settings):
    """The embedded default: no keys. A stand-in still listens, to prove nobody calls it."""
    fake = FakeStripe()
    with fake.server:
        settings.STRIPE_SECRET_KEY = ""
        settings.STRIPE_WEBHOOK_SECRET = ""
        settings.STRIPE_API_BASE = fake.url
        yield fake


@pytest.fixture
def paid_course(catalog):
    course = CoursePageFactory(
        parent=catalog, title="Алгебра", price=Decimal("990"), currency="RUB"
    )
    LessonPageFactory(parent=course, title="Урок 1")
    return course


@pytest.fixture
def paid_order(client, stripe_stub, student, paid_course) -> Order:
    """Bought the real way: checkout, then Stripe's completed event."""
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    client.logout()
    order = Order.objects.get()
    session = stripe_stub.pay(order.checkout_id)
    deliver(client, make_event("checkout.session.completed", session))
    order.refresh_from_db()
    assert order.status == "paid" and access(student, paid_course)
    return order


def paid_lesson(course):
    return course.lessons().first()


def access(user, course) -> bool:
    from courses.services import can_view_lesson

    return can_view_lesson(user, paid_lesson(course), course)


def make_order(user, course, amount, currency="RUB", status="paid", **extra) -> Order:
    return Order.objects.create(
        user=user,
        email=user.email,
        course=course,
        course_title=course.title,
        amount=Decimal(amount),
        currency=currency,
        status=status,
        **extra,
    )


def open_enrollments(user, course):
    return Enrollment.objects.filter(user=user, course=course, status__in=Enrollment.OPEN)


# ---------------------------------------------------------------------------------------------
# Webhooks


def make_event(event_type: str, obj: dict, event_id: str | None = None) -> dict:
    return {
        "id": event_id or stripe_id("evt"),
        "object": "event",
        "api_version": "2025-03-31.basil",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": obj},
    }


def charge_object(payment_intent: str, *, refunded: bool = True, metadata=None) -> dict:
    return {
        "id": stripe_id("ch"),
        "object": "charge",
        "amount": 99000,
        "amount_refunded": 99000 if refunded else 10000,
        "currency": "rub",
        "paid": True,
        "payment_intent": payment_intent,
        "refunded": refunded,
        "metadata": metadata or {},
        "refunds": {
            "object": "list",
            "data": [{"id": stripe_id("re"), "object": "refund", "status": "succeeded"}],
        },
    }


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def deliver(client, event: dict, *, path: str = WEBHOOK_PATH, signature: str | None = None):
    payload = json.dumps(event)
    return client.post(
        path,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload) if signature is None else signature,
    )


# YooKassa's stand-in and its `yookassa` fixture (tests/payments/fake_yookassa.py).
from .fake_yookassa import yookassa  # noqa: E402, F401
