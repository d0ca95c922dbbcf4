"""A learner buys a rouble course through YooKassa's confirmation page (the stand-in's) and a
dollar course through Stripe's hosted page; the orders show the fiscal receipt; staff refund
the rouble course from the admin, and its access closes. The pages are checked with axe-core
at a phone's and a desktop's width (screenshots in $SCREENSHOT_DIR when set)."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from learning.payments.models import FiscalReceipt, Order

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from ..factories import HomePageFactory, StudentFactory, UserFactory
from ..payments.conftest import SECRET_KEY, WEBHOOK_PATH, WEBHOOK_SECRET, FakeStripe, access
from ..payments.fake_yookassa import FakeYooKassa
from ..payments.stripe_page import StripePage
from .test_course_publishing import sign_in
from .test_reviews import AXE, check_page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def shop(settings, live_server):
    """Two courses and both gateways, their pages and notifications wired to the live server."""
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-payments")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    catalog = CourseIndexPageFactory(parent=home)
    roubles = CoursePageFactory(parent=catalog, title="Алгебра", price=Decimal("990"))
    LessonPageFactory(parent=roubles, title="Уравнения")
    dollars = CoursePageFactory(
        parent=catalog, title="English for IT", price=Decimal("25"), currency="USD"
    )
    LessonPageFactory(parent=dollars, title="Stand-ups")
    # The stand-ins' pages are on other origins, as the real gateways' are.
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    yookassa, stripe_stub = FakeYooKassa(), FakeStripe()
    with yookassa, stripe_stub.server, StripePage(stripe_stub, live_server.url + WEBHOOK_PATH):
        settings.STRIPE_SECRET_KEY = SECRET_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_API_BASE = stripe_stub.url
        settings.CONTENT_SECURITY_POLICY = {
            **settings.CONTENT_SECURITY_POLICY,
            "DIRECTIVES": {
                **directives,
                "form-action": [*directives["form-action"], yookassa.root, stripe_stub.page_base],
            },
        }
        settings.YOOKASSA_SHOP_ID = yookassa.shop_id
        settings.YOOKASSA_SECRET_KEY = yookassa.secret_key
        settings.YOOKASSA_API_BASE = yookassa.url
        settings.YOOKASSA_NOTIFICATION_IPS = "127.0.0.1/32"  # the stand-in posts from here
        yookassa.notify_url = live_server.url + "/api/payments/yookassa/notifications/"
        yield {
            "roubles": roubles,
            "dollars": dollars,
            "yookassa": yookassa,
            "stripe": stripe_stub,
            "student": StudentFactory(first_name="Ольга", verified=True),
        }


def test_buying_through_yookassa_and_stripe_and_a_refund_from_the_admin(page, live_server, shop):
    shots = (
        Path(os.environ["SCREENSHOT_DIR"]) / "payments"
        if os.environ.get("SCREENSHOT_DIR")
        else None
    )
    if AXE.exists():
        page.context.add_init_script(
            script=f"{AXE.read_text()}\n;window.__reviewsAxe = window.axe;"
        )
    student = shop["student"]
    sign_in(page, live_server, student)

    # Roubles: YooKassa first (PAYMENT_GATEWAYS), Stripe beside it.
    page.goto(shop["roubles"].url)
    ways = page.get_by_role("group", name="Купить курс: как вам удобнее оплатить?")
    expect(ways.get_by_role("button")).to_have_count(2)
    check_page(page, "course with two ways to pay", shots)
    ways.get_by_role("button", name=re.compile("ЮKassa|YooKassa")).click()
    expect(page.get_by_role("heading", name="Оплата заказа")).to_be_visible()
    page.get_by_role("button", name="Оплатить").click()
    page.wait_for_url(re.compile(r"/payments/success/\?order=\d+"))
    expect(page.get_by_role("heading", name="Оплата получена")).to_be_visible()
    rouble_order = Order.objects.get(course=shop["roubles"])
    assert (rouble_order.gateway, rouble_order.status) == ("yookassa", "paid")
    assert access(student, shop["roubles"])
    sent = shop["yookassa"].calls("POST", "/v3/payments")[0]
    assert '"receipt"' in sent["body"] and student.email in sent["body"]

    # Dollars: only Stripe takes them here (PayPal has no keys): one button.
    page.goto(shop["dollars"].url)
    page.get_by_test_id("buy").click()
    page.get_by_role("button", name="Pay 25.00 USD").click()
    page.wait_for_url(re.compile(r"/payments/success/\?session_id=cs_"))
    expect(page.get_by_role("heading", name="Оплата получена")).to_be_visible()
    assert Order.objects.get(course=shop["dollars"]).status == "paid"

    # The orders: both, with the gateway and YooKassa's fiscal receipt.
    page.goto("/ru/cabinet/orders/")
    expect(page.get_by_test_id("order")).to_have_count(2)
    assert FiscalReceipt.objects.filter(order=rouble_order, status="succeeded").exists()
    page.get_by_test_id("fiscal-receipt-link").click()
    expect(page.get_by_test_id("fiscal-receipt")).to_be_visible()
    check_page(page, "receipt with its fiscal receipt", shots)

    # Staff refund the rouble course from the admin: YooKassa gives it back with a receipt.
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in(page, live_server, admin)
    page.goto("/admin/orders/")
    row = page.get_by_role("row").filter(has_text="Алгебра")
    expect(row.get_by_role("cell", name=re.compile("ЮKassa"))).to_be_visible()
    page.goto(f"/admin/orders/{rouble_order.pk}/refund/")
    expect(page.get_by_label("Сумма возврата")).to_have_value("990.00")
    if shots:
        page.screenshot(path=str(shots / "admin-refund.png"), full_page=True)
    page.get_by_role("button", name="Да, вернуть").click()
    expect(page.get_by_text(re.compile("вернуть|возвращ", re.I)).first).to_be_visible()
    rouble_order.refresh_from_db()
    assert rouble_order.status == "refunded"
    assert not access(student, shop["roubles"])
    refund = shop["yookassa"].calls("POST", "/v3/refunds")[0]
    assert '"receipt"' in refund["body"]
    assert not page.csp_violations and not page.js_errors
