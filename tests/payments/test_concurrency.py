"""Stripe delivering at once: several web processes, one enrollment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from learning.enrollment.models import Enrollment
from learning.payments.models import Order, StripeEvent

from ..conftest import skip_or_fail
from .conftest import deliver, make_event

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
THREADS = 8


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL row locks and concurrent connections (set DATABASE_URL)")


def at_once(jobs) -> list:
    """Run the callables in threads released together; each thread has its own connection."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def session(postgres, client, stripe_stub, student, paid_course):
    client.force_login(student)
    client.post(f"/payments/checkout/{paid_course.pk}/")
    return stripe_stub.pay(Order.objects.get().stripe_checkout_session_id)


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
