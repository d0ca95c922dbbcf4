"""The cabinet's orders and receipts: own orders only, a receipt for paid ones."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.payments.models import Order

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


def order(user, course, status="paid", **extra):
    return Order.objects.create(
        user=user,
        email=user.email,
        course=course,
        course_title=course.title,
        amount=Decimal("990"),
        currency="RUB",
        status=status,
        **extra,
    )


def test_orders_list_and_receipts(client, catalog):
    buyer, other = StudentFactory(), StudentFactory()
    course = CoursePageFactory(parent=catalog, title="Алгебра")
    paid = order(buyer, course, payment_id="pi_123")
    pending = order(buyer, course, status="pending")
    order(other, course)
    client.force_login(buyer)
    page = client.get("/ru/cabinet/orders/").content.decode()
    assert page.count('data-testid="order"') == 2
    assert f"/ru/cabinet/orders/{paid.pk}/" in page
    assert f"/ru/cabinet/orders/{pending.pk}/" not in page  # no receipt before payment
    receipt = client.get(f"/ru/cabinet/orders/{paid.pk}/").content.decode()
    assert "Алгебра" in receipt and "pi_123" in receipt and "990" in receipt
    foreign = Order.objects.exclude(user=buyer).get()
    assert client.get(f"/ru/cabinet/orders/{foreign.pk}/").status_code == 404


def test_empty_orders_and_fixed_queries(client, catalog):
    buyer = StudentFactory()
    client.force_login(buyer)
    assert "Заказов пока нет" in client.get("/ru/cabinet/orders/").content.decode()
    course = CoursePageFactory(parent=catalog)
    order(buyer, course)
    client.get("/ru/cabinet/orders/")
    with CaptureQueriesContext(connection) as few:
        client.get("/ru/cabinet/orders/")
    for _ in range(15):
        order(buyer, CoursePageFactory(parent=catalog))
    with CaptureQueriesContext(connection) as many:
        client.get("/ru/cabinet/orders/")
    assert len(many) == len(few)
