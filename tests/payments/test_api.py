"""Buying and one's own orders through the JSON API."""

from decimal import Decimal

import pytest

from learning.payments.models import Order

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory
from .conftest import make_order

pytestmark = pytest.mark.django_db


def test_api_checkout_starts_a_purchase(api_client, student, paid_course, stripe_stub):
    url = f"/api/courses/{paid_course.pk}/checkout/"
    assert api_client.post(url).status_code == 401
    assert Order.objects.count() == 0

    api_client.force_authenticate(student)
    response = api_client.post(url)
    assert response.status_code == 201
    order = Order.objects.get()
    assert response.json() == {
        "order": order.pk,
        "checkout_url": stripe_stub.sessions[order.checkout_id]["url"],
    }
    assert (order.user, order.status, order.amount) == (student, "pending", Decimal("990"))
    [call] = stripe_stub.calls("POST", "/v1/checkout/sessions")
    assert call["headers"]["Idempotency-Key"].startswith(f"checkout-{order.pk}-")
    assert call["form"]["cancel_url"] == [f"http://testserver/payments/cancel/{order.pk}/"]

    assert api_client.post("/api/courses/999999/checkout/").status_code == 404


def test_api_checkout_refusals_name_the_reason(api_client, catalog, student, stripe_stub):
    free = CoursePageFactory(parent=catalog, price=0)
    api_client.force_authenticate(student)
    response = api_client.post(f"/api/courses/{free.pk}/checkout/")
    assert response.status_code == 400
    assert response.json()["code"] == "checkout_refused" and response.json()["detail"]
    assert Order.objects.count() == 0 and stripe_stub.requests == []


def test_api_orders_are_ones_own_and_paginated(api_client, student, paid_course):
    other = StudentFactory()
    mine = [
        make_order(student, paid_course, "990", status=s) for s in ("paid", "pending", "failed")
    ]
    make_order(other, paid_course, "990")
    assert api_client.get("/api/orders/").status_code == 401

    api_client.force_authenticate(student)
    data = api_client.get("/api/orders/").json()
    assert data["count"] == 3
    assert [row["id"] for row in data["results"]] == [o.pk for o in reversed(mine)]
    first = data["results"][-1]
    assert first["amount"] == "990.00" and first["currency"] == "RUB"
    assert first["status"] == "paid" and first["course"] == paid_course.pk
    assert first["course_title"] == paid_course.title
    page = api_client.get("/api/orders/?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"]

    api_client.force_authenticate(other)
    assert api_client.get("/api/orders/").json()["count"] == 1


def test_the_ways_to_pay_follow_the_currency_and_the_keys(
    api_client, stripe_stub, yookassa, paypal, student, paid_course, catalog, settings
):
    from ..courses.factories import CoursePageFactory

    dollars = CoursePageFactory(parent=catalog, title="English", price=25, currency="USD")
    ways = api_client.get(f"/api/courses/{paid_course.pk}/gateways/").json()
    assert [way["name"] for way in ways] == ["yookassa", "stripe"]  # roubles, preferred first
    ways = api_client.get(f"/api/courses/{dollars.pk}/gateways/").json()
    assert [way["name"] for way in ways] == ["stripe", "paypal"]
    settings.PAYMENT_GATEWAYS = "paypal,stripe"
    assert [w["name"] for w in api_client.get(f"/api/courses/{dollars.pk}/gateways/").json()] == [
        "paypal",
        "stripe",
    ]

    api_client.force_authenticate(student)
    refused = api_client.post(
        f"/api/courses/{paid_course.pk}/checkout/", {"gateway": "paypal"}, format="json"
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "checkout_refused")
    started = api_client.post(
        f"/api/courses/{paid_course.pk}/checkout/", {"gateway": "yookassa"}, format="json"
    )
    assert started.status_code == 201
    order = Order.objects.get(pk=started.json()["order"])
    assert order.gateway == "yookassa" and order.checkout_id in started.json()["checkout_url"]
    listed = api_client.get("/api/orders/").json()["results"][0]
    assert (listed["gateway"], listed["refunds"], listed["receipts"]) == ("yookassa", [], [])

    settings.YOOKASSA_SHOP_ID = ""  # YooKassa's keys gone: only Stripe is left for roubles
    ways = api_client.get(f"/api/courses/{paid_course.pk}/gateways/").json()
    assert [way["name"] for way in ways] == ["stripe"]
    settings.STRIPE_SECRET_KEY = ""
    assert api_client.get(f"/api/courses/{paid_course.pk}/gateways/").json() == []
