"""The orders list in the Wagtail admin, its totals, and the refund action."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from learning.payments.models import Order, StripeEvent, format_money

from ..factories import StudentFactory, UserFactory
from .conftest import access, charge_object, deliver, make_event, make_order

pytestmark = pytest.mark.django_db


def refund_url(order) -> str:
    return f"/admin/orders/{order.pk}/refund/"


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="payments", codename__in=codenames),
    )
    return user


def test_orders_list_shows_paid_totals_per_currency(
    client, admin_user, student, paid_course, django_assert_max_num_queries
):
    other = StudentFactory()
    make_order(student, paid_course, "990")
    make_order(other, paid_course, "500")
    make_order(student, paid_course, "20", currency="USD")
    make_order(other, paid_course, "100", status="pending")
    make_order(other, paid_course, "70", status="refunded")
    for _ in range(30):
        make_order(other, paid_course, "1", currency="EUR", status="failed")
    client.force_login(admin_user)

    with django_assert_max_num_queries(40):
        response = client.get("/admin/orders/")
    assert response.status_code == 200
    totals = {
        row["currency"]: (row["total"], row["count"]) for row in response.context["paid_totals"]
    }
    assert totals == {"RUB": (Decimal("1490"), 2), "USD": (Decimal("20"), 1)}
    html = response.content.decode()
    assert 'data-testid="paid-totals"' in html
    assert (
        format_money(Decimal("1490"), "RUB") in html and format_money(Decimal("20"), "USD") in html
    )
    assert "/admin/orders/new/" not in html  # orders are never added or edited by hand

    # Totals follow the filters and the search, on the page and in its results fragment.
    usd = client.get("/admin/orders/results/?currency=USD")
    assert [(r["currency"], r["total"]) for r in usd.context["paid_totals"]] == [
        ("USD", Decimal("20"))
    ]
    mine = client.get("/admin/orders/", {"q": other.email})
    assert [(r["currency"], r["total"]) for r in mine.context["paid_totals"]] == [
        ("RUB", Decimal("500"))
    ]
    by_title = client.get("/admin/orders/", {"q": paid_course.title})
    assert by_title.context["paginator"].count == 35
    today = timezone.localdate()
    later = client.get("/admin/orders/", {"created_at_from": (today + timedelta(days=1))})
    assert later.context["paid_totals"] == [] and later.context["paginator"].count == 0
    earlier = client.get("/admin/orders/", {"created_at_to": (today - timedelta(days=1))})
    assert earlier.context["paginator"].count == 0
    now = client.get("/admin/orders/", {"created_at_from": today, "created_at_to": today})
    assert now.context["paginator"].count == 35 and len(now.context["paid_totals"]) == 2
    refunded = client.get("/admin/orders/", {"status": "refunded"})
    assert refunded.context["paginator"].count == 1

    assert client.get("/admin/orders/new/").status_code == 404
    assert client.get(f"/admin/orders/edit/{Order.objects.first().pk}/").status_code == 404


def test_orders_list_needs_permission(client, paid_course):
    client.force_login(StudentFactory(verified=True))
    assert client.get("/admin/orders/").status_code == 302  # no admin access at all
    client.force_login(staff_with())
    assert client.get("/admin/orders/").status_code != 200
    client.force_login(staff_with("view_order"))
    assert client.get("/admin/orders/").status_code == 200


def test_admin_refund_revokes_access_and_the_later_webhook_is_a_no_op(
    client, admin_user, stripe_stub, student, paid_course, paid_order
):
    client.force_login(admin_user)
    assert refund_url(paid_order) in client.get("/admin/orders/").content.decode()
    inspect = client.get(f"/admin/orders/inspect/{paid_order.pk}/")
    assert inspect.status_code == 200 and refund_url(paid_order) in inspect.content.decode()

    confirm = client.get(refund_url(paid_order))
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert stripe_stub.calls("POST", "/v1/refunds") == []  # asking is not refunding

    response = client.post(refund_url(paid_order))
    assert response.status_code == 302
    assert response.url == f"/admin/orders/inspect/{paid_order.pk}/"
    [call] = stripe_stub.calls("POST", "/v1/refunds")
    assert call["headers"]["Idempotency-Key"] == f"refund-{paid_order.pk}"
    assert call["form"]["payment_intent"] == [paid_order.payment_id]

    paid_order.refresh_from_db()
    assert paid_order.status == "refunded" and paid_order.refunded_by == admin_user
    assert paid_order.refund_id.startswith("re_")
    assert paid_order.enrollment.status == "refunded"
    assert not access(student, paid_course)
    refunded_at = paid_order.refunded_at

    # A late payment event (Stripe retrying an old delivery under a new id) does not reopen it.
    session = stripe_stub.sessions[paid_order.checkout_id]
    deliver(client, make_event("checkout.session.async_payment_succeeded", session))
    paid_order.refresh_from_db()
    assert paid_order.status == "refunded" and not access(student, paid_course)

    # Stripe then reports the refund: already done, nothing changes.
    event = make_event("charge.refunded", charge_object(paid_order.payment_id))
    assert deliver(client, event).status_code == 200
    paid_order.refresh_from_db()
    assert paid_order.refunded_at == refunded_at and paid_order.refunded_by == admin_user
    assert StripeEvent.objects.get(event_id=event["id"]).order == paid_order

    # A second click refunds nothing more, and the button is gone.
    client.post(refund_url(paid_order))
    assert len(stripe_stub.calls("POST", "/v1/refunds")) == 1
    assert refund_url(paid_order) not in client.get("/admin/orders/").content.decode()


def test_refund_needs_the_refund_permission(client, stripe_stub, student, paid_course, paid_order):
    viewer = staff_with("view_order")
    client.force_login(viewer)
    assert refund_url(paid_order) not in client.get("/admin/orders/").content.decode()
    refused = client.post(refund_url(paid_order))
    assert refused.status_code == 302 and refused.url == "/admin/"  # Wagtail: "no permission"
    assert stripe_stub.calls("POST", "/v1/refunds") == []
    paid_order.refresh_from_db()
    assert paid_order.status == "paid" and access(student, paid_course)

    client.force_login(staff_with("view_order", "refund_order"))
    client.post(refund_url(paid_order))
    paid_order.refresh_from_db()
    assert paid_order.status == "refunded" and not access(student, paid_course)


def test_a_refused_refund_keeps_the_order_paid(
    client, admin_user, stripe_stub, student, paid_course, paid_order
):
    stripe_stub.fail_with = (
        400,
        {"error": {"type": "invalid_request_error", "message": "Charge already disputed"}},
    )
    client.force_login(admin_user)
    response = client.post(refund_url(paid_order), follow=True)
    assert response.status_code == 200
    assert "Charge already disputed" in response.content.decode()
    paid_order.refresh_from_db()
    assert paid_order.status == "paid" and access(student, paid_course)


def test_only_paid_orders_can_be_refunded(client, admin_user, stripe_stub, student, paid_course):
    pending = make_order(student, paid_course, "990", status="pending")
    client.force_login(admin_user)
    assert 'method="post"' not in client.get(refund_url(pending)).content.decode()
    client.post(refund_url(pending))
    pending.refresh_from_db()
    assert pending.status == "pending" and stripe_stub.calls("POST", "/v1/refunds") == []
