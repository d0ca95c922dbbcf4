"""The PayPal gateway through PayPal's real server SDK, against the local stand-in
(fake_paypal.py): orders, approval, capture on return, status, refunds and webhooks checked
by PayPal's verify-webhook-signature call."""

import base64
import json
from decimal import Decimal

import pytest
import requests

from learning.payments import gateways
from learning.payments.errors import (
    GatewayError,
    MalformedEvent,
    WebhookError,
    WebhooksNotConfigured,
)
from learning.payments.gateways import State
from learning.payments.gateways.paypal import PayPalGateway
from learning.payments.models import Order

from ..stub_server import StubServer
from .fake_paypal import CLIENT_ID, CLIENT_SECRET

RETURN_URL = "https://ustat.example/payments/return/?order=41"
CANCEL_URL = "https://ustat.example/courses/algebra/"
TITLE = "Алгебра для старшеклассников: " + "подготовка к экзамену, " * 8

gateway = PayPalGateway()


def make_order(pk=41, amount="12.50", currency="USD", **fields) -> Order:
    """An order as the services hand it over (the gateway never touches the database)."""
    return Order(
        pk=pk,
        email="buyer@example.com",
        course_title=TITLE,
        amount=Decimal(amount),
        currency=currency,
        gateway="paypal",
        **fields,
    )


def checkout(order: Order, locale: str = "ru"):
    result = gateway.create_checkout(
        order, return_url=RETURN_URL, cancel_url=CANCEL_URL, locale=locale
    )
    order.checkout_id = result.checkout_id
    return result


def paid_order(paypal, **fields) -> Order:
    order = make_order(**fields)
    checkout(order)
    paypal.approve(order.checkout_id)
    status = gateway.confirm(order)
    order.payment_id = status.payment_id
    return order


def pay_on_page(result, action: str = "pay") -> requests.Response:
    """The buyer on PayPal's page: it shows the order, and its form sends them back."""
    page = requests.get(result.url, timeout=5)
    assert page.status_code == 200
    assert ">Pay</button>" in page.text and ">Cancel</button>" in page.text
    return requests.post(result.url, data={"action": action}, allow_redirects=False, timeout=5)


def names(available) -> list[str]:
    return [g.name for g in available]


# --- Configuration -------------------------------------------------------------------------


def test_registered_for_dollars_and_euros_once_configured(paypal, settings):
    assert isinstance(gateways.get("paypal"), PayPalGateway)
    assert gateway.name == "paypal"
    assert "paypal" in names(gateways.available_for("USD"))
    assert "paypal" in names(gateways.available_for("eur"))
    assert "paypal" not in names(gateways.available_for("RUB"))
    settings.PAYPAL_WEBHOOK_ID = ""  # without it no outcome would be heard
    assert not gateway.is_configured()
    assert "paypal" not in names(gateways.available_for("USD"))


def test_not_configured_refuses_without_calling_paypal(paypal, settings):
    settings.PAYPAL_CLIENT_ID = ""
    settings.PAYPAL_CLIENT_SECRET = ""
    settings.PAYPAL_WEBHOOK_ID = ""
    assert not gateway.is_configured()
    with pytest.raises(GatewayError):
        checkout(make_order())
    with pytest.raises(WebhooksNotConfigured):
        gateway.read_notification(b"{}", {}, "127.0.0.1")
    assert paypal.requests == []


def test_refused_credentials_are_a_gateway_error(paypal, settings):
    settings.PAYPAL_CLIENT_SECRET = "not-the-secret"
    with pytest.raises(GatewayError):
        checkout(make_order())
    assert paypal.orders == {}
    assert len(paypal.calls("POST", "/v1/oauth2/token")) == 1


def test_the_oauth_token_is_asked_for_with_the_app_credentials_and_reused(paypal):
    checkout(make_order(pk=1))
    checkout(make_order(pk=2))
    (token_request,) = paypal.calls("POST", "/v1/oauth2/token")
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert token_request["headers"]["authorization"] == f"Basic {basic}"
    assert token_request["body"] == "grant_type=client_credentials"
    for order_request in paypal.calls("POST", "/v2/checkout/orders"):
        assert order_request["headers"]["authorization"].startswith("Bearer A21AA")


def test_a_token_paypal_turned_away_is_replaced_once(paypal):
    order = make_order()
    checkout(order)
    paypal.tokens.clear()  # revoked on PayPal's side before it expired
    assert gateway.fetch(order).state == State.PENDING
    body, headers = paypal.webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    paypal.tokens.clear()
    assert gateway.read_notification(body, headers, "").payment_id == "3C679366HH908993F"
    assert len(paypal.calls("POST", "/v1/oauth2/token")) == 3


# --- Checkout ------------------------------------------------------------------------------


def test_create_checkout_asks_for_the_order_amount_in_one_purchase_unit(paypal):
    order = make_order()
    result = checkout(order)
    sent = json.loads(paypal.calls("POST", "/v2/checkout/orders")[0]["body"])
    assert sent["intent"] == "CAPTURE"
    (unit,) = sent["purchase_units"]
    assert unit["amount"] == {"currency_code": "USD", "value": "12.50"}
    assert unit["reference_id"] == unit["custom_id"] == "41"
    assert unit["invoice_id"] == "ustat-41"
    assert unit["description"] == TITLE[:127]
    assert len(TITLE) > 127
    context = sent["payment_source"]["paypal"]["experience_context"]
    assert context["return_url"] == RETURN_URL
    assert context["cancel_url"] == CANCEL_URL
    assert context["locale"] == "ru-RU"
    assert context["user_action"] == "PAY_NOW"
    assert context["shipping_preference"] == "NO_SHIPPING"
    assert result.checkout_id in paypal.orders
    assert result.url == f"{paypal.url}/checkoutnow?token={result.checkout_id}"
    assert result.expires_at is None


def test_english_buyers_get_paypal_in_english(paypal):
    checkout(make_order(), locale="en")
    sent = json.loads(paypal.calls("POST", "/v2/checkout/orders")[0]["body"])
    assert sent["payment_source"]["paypal"]["experience_context"]["locale"] == "en-US"


def test_a_repeated_checkout_gets_the_same_paypal_order(paypal):
    first = checkout(make_order())
    again = checkout(make_order())
    assert again.checkout_id == first.checkout_id
    assert len(paypal.orders) == 1
    ids = {r["headers"]["paypal-request-id"] for r in paypal.calls("POST", "/v2/checkout/")}
    assert len(ids) == 1 and ids.pop().startswith("checkout-41-")
    # Other parameters (a new price) ask on their own id, for their own order.
    other = checkout(make_order(amount="15.00"))
    assert other.checkout_id != first.checkout_id
    assert paypal.orders[other.checkout_id]["purchase_units"][0]["amount"]["value"] == "15.00"


def test_whole_amounts_and_euros_are_sent_with_two_decimals(paypal):
    result = checkout(make_order(amount="990", currency="EUR"))
    unit = paypal.orders[result.checkout_id]["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": "990.00"}


def test_a_refused_order_is_a_gateway_error(paypal):
    with pytest.raises(GatewayError):
        checkout(make_order(amount="0"))  # PayPal: CANNOT_BE_ZERO_OR_NEGATIVE
    assert paypal.orders == {}


# --- Approval and capture on return --------------------------------------------------------


def test_the_buyer_pays_on_paypal_and_the_return_captures_the_order(paypal):
    order = make_order()
    result = checkout(order)
    answer = pay_on_page(result)
    assert answer.status_code == 303
    assert answer.headers["Location"] == (
        f"{RETURN_URL}&token={result.checkout_id}&PayerID=QYR5Z8XDVJNXQ"
    )
    assert paypal.orders[result.checkout_id]["status"] == "APPROVED"
    assert paypal.captures == {}  # approval alone takes no money

    status = gateway.confirm(order)

    (capture,) = paypal.captures.values()
    assert status.state == State.PAID
    assert status.payment_id == capture["id"]
    assert status.checkout_id == result.checkout_id
    assert status.amount == Decimal("12.50")
    assert status.currency == "USD"
    assert status.order_id == 41
    assert status.refunded == 0
    (capture_request,) = paypal.calls("POST", f"/v2/checkout/orders/{result.checkout_id}/")
    assert capture_request["headers"]["paypal-request-id"] == f"capture-41-{result.checkout_id}"


def test_a_cancelled_payment_is_not_captured(paypal):
    order = make_order()
    result = checkout(order)
    answer = pay_on_page(result, action="cancel")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"{CANCEL_URL}?token={result.checkout_id}"
    status = gateway.confirm(order)  # PayPal: ORDER_NOT_APPROVED; its state is the answer
    assert status.state == State.PENDING
    assert status.payment_id == ""
    assert paypal.captures == {}


def test_capturing_twice_takes_the_money_once(paypal):
    order = make_order()
    checkout(order)
    paypal.approve(order.checkout_id)
    first = gateway.confirm(order)
    again = gateway.capture(order)  # the webhook racing the return page: the same request id
    assert again.state == first.state == State.PAID
    assert again.payment_id == first.payment_id
    assert len(paypal.captures) == 1


def test_capturing_a_captured_order_after_paypal_forgot_the_request_id(paypal):
    order = make_order()
    checkout(order)
    paypal.approve(order.checkout_id)
    first = gateway.capture(order)
    paypal._answered.clear()  # PayPal keeps request ids for hours, not for ever
    again = gateway.capture(order)  # PayPal: 422 ORDER_ALREADY_CAPTURED; fetched instead
    assert again.state == State.PAID
    assert again.payment_id == first.payment_id
    assert len(paypal.captures) == 1
    assert paypal.calls("GET", f"/v2/checkout/orders/{order.checkout_id}")


def test_a_declined_funding_source_is_a_gateway_error(paypal):
    order = make_order()
    checkout(order)
    paypal.approve(order.checkout_id)
    paypal.capture_refusal = "INSTRUMENT_DECLINED"
    with pytest.raises(GatewayError):
        gateway.confirm(order)
    assert paypal.captures == {}


def test_capture_of_an_unknown_order_is_a_gateway_error(paypal):
    with pytest.raises(GatewayError):
        gateway.capture(make_order(checkout_id="5O190127TN364715T"))


# --- What PayPal says about an order -------------------------------------------------------


def test_fetch_reads_each_stage_of_an_order(paypal):
    order = make_order()
    checkout(order)
    created = gateway.fetch(order)
    assert created.state == State.PENDING
    assert created.amount == Decimal("12.50")
    assert created.currency == "USD"
    assert created.order_id == 41
    paypal.approve(order.checkout_id)
    assert gateway.fetch(order).state == State.AUTHORIZED
    gateway.capture(order)
    paid = gateway.fetch(order)
    assert paid.state == State.PAID
    assert paid.payment_id == paypal.capture_of(order.checkout_id)["id"]


@pytest.mark.parametrize(
    ("capture_status", "state"),
    [("DECLINED", State.FAILED), ("FAILED", State.FAILED), ("PENDING", State.PENDING)],
)
def test_a_capture_that_took_no_money_is_not_paid(paypal, capture_status, state):
    paypal.capture_status = capture_status
    order = make_order()
    checkout(order)
    paypal.approve(order.checkout_id)
    status = gateway.confirm(order)
    assert status.state == state
    assert status.payment_id == paypal.capture_of(order.checkout_id)["id"]
    assert gateway.fetch(order).state == state


def test_a_voided_order_failed(paypal):
    order = make_order()
    checkout(order)
    paypal.orders[order.checkout_id]["status"] = "VOIDED"
    assert gateway.fetch(order).state == State.FAILED


# --- Refunds -------------------------------------------------------------------------------


def test_partial_then_full_refund(paypal):
    order = paid_order(paypal)
    capture = paypal.capture_of(order.checkout_id)

    part = gateway.refund(order, Decimal("5.00"), key="refund-41-1")

    assert part.state == State.PAID
    assert part.amount == Decimal("5.00")
    assert capture["status"] == "PARTIALLY_REFUNDED"
    sent = paypal.calls("POST", f"/v2/payments/captures/{capture['id']}/refund")[0]
    assert sent["headers"]["paypal-request-id"] == "refund-41-1"
    assert json.loads(sent["body"])["amount"] == {"currency_code": "USD", "value": "5.00"}
    status = gateway.fetch(order)
    assert status.state == State.PAID
    assert status.refunded == Decimal("5.00")
    assert status.refund_ids == (part.refund_id,)
    assert not status.fully_refunded

    rest = gateway.refund(order, Decimal("7.50"), key="refund-41-2")

    assert rest.state == State.PAID
    assert capture["status"] == "REFUNDED"
    status = gateway.fetch(order)
    assert status.refunded == Decimal("12.50")
    assert status.refund_ids == (part.refund_id, rest.refund_id)
    assert status.fully_refunded


def test_a_capture_refunded_in_whole_counts_whole_without_its_refunds_listed(paypal):
    order = paid_order(paypal)
    paypal.capture_of(order.checkout_id)["status"] = "REFUNDED"  # in PayPal's dashboard
    status = gateway.fetch(order)
    assert status.state == State.PAID
    assert status.refunded == Decimal("12.50")
    assert status.fully_refunded


def test_a_repeated_refund_key_refunds_once(paypal):
    order = paid_order(paypal)
    first = gateway.refund(order, Decimal("12.50"), key="refund-41-1")
    again = gateway.refund(order, Decimal("12.50"), key="refund-41-1")
    assert again.refund_id == first.refund_id
    assert len(paypal.refunds) == 1
    assert gateway.fetch(order).refunded == Decimal("12.50")


@pytest.mark.parametrize(
    ("refund_status", "state"),
    [("PENDING", State.PENDING), ("FAILED", State.FAILED), ("CANCELLED", State.FAILED)],
)
def test_refund_states(paypal, refund_status, state):
    order = paid_order(paypal)
    paypal.refund_status = refund_status
    result = gateway.refund(order, Decimal("12.50"), key="refund-41-1")
    assert result.state == state
    assert gateway.fetch(order).refunded == 0  # only completed refunds gave money back


def test_refunding_more_than_was_paid_is_a_gateway_error(paypal):
    order = paid_order(paypal)
    with pytest.raises(GatewayError):
        gateway.refund(order, Decimal("12.51"), key="refund-41-1")
    assert paypal.refunds == {}


def test_an_order_without_a_capture_cannot_be_refunded(paypal):
    with pytest.raises(GatewayError):
        gateway.refund(make_order(), Decimal("12.50"), key="refund-41-1")
    assert paypal.requests == []


# --- Webhooks ------------------------------------------------------------------------------


def test_an_approved_order_event_names_the_order(paypal):
    order = make_order()
    checkout(order)
    body, headers = paypal.webhook("CHECKOUT.ORDER.APPROVED", paypal.approve(order.checkout_id))
    notice = gateway.read_notification(body, headers, "173.0.80.1")
    event = json.loads(body)
    assert notice.key == event["id"]
    assert notice.event == "CHECKOUT.ORDER.APPROVED"
    assert notice.checkout_id == order.checkout_id
    assert notice.payment_id == ""
    assert notice.order_id == 41
    assert notice.status is None  # the services fetch the status back
    (verify,) = paypal.verify_requests()
    sent = json.loads(verify["raw"])
    assert sent["webhook_id"] == paypal.webhook_id
    assert sent["transmission_id"] == headers["PAYPAL-TRANSMISSION-ID"]
    assert sent["transmission_sig"] == headers["PAYPAL-TRANSMISSION-SIG"]
    assert sent["cert_url"] == headers["PAYPAL-CERT-URL"]
    assert verify["headers"]["authorization"].startswith("Bearer ")


def test_the_event_goes_to_paypal_byte_for_byte(paypal):
    resource = {"id": "5O190127TN364715T", "status": "APPROVED", "amount": 12.50}
    event = paypal.event("CHECKOUT.ORDER.APPROVED", resource)
    body = json.dumps(event, indent=3, ensure_ascii=False).encode()  # PayPal's own spacing
    notice = gateway.read_notification(body, paypal.sign(body), "173.0.80.1")
    assert notice.checkout_id == "5O190127TN364715T"
    assert body in paypal.verify_requests()[0]["raw"]


def test_capture_events_name_the_capture_and_its_order(paypal):
    order = paid_order(paypal)
    capture = paypal.capture_of(order.checkout_id)
    for event_type in ("PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.DENIED"):
        body, headers = paypal.webhook(event_type, capture)
        notice = gateway.read_notification(body, headers, "173.0.80.1")
        assert notice.event == event_type
        assert notice.payment_id == capture["id"]
        assert notice.checkout_id == order.checkout_id
        assert notice.refund_id == ""
        assert notice.order_id == 41


def test_refund_events_name_the_refund_and_its_capture(paypal):
    order = paid_order(paypal)
    refund = gateway.refund(order, Decimal("5.00"), key="refund-41-1")
    resource = paypal._refund_view(paypal.refunds[refund.refund_id])
    for event_type in ("PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED"):
        body, headers = paypal.webhook(event_type, resource)
        notice = gateway.read_notification(body, headers, "173.0.80.1")
        assert notice.refund_id == refund.refund_id
        assert notice.payment_id == order.payment_id
        assert notice.checkout_id == ""  # the services find the order by its capture
        assert notice.order_id == 41
    # A refund naming its capture and order among its related ids.
    related = {"order_id": order.checkout_id, "capture_id": order.payment_id}
    resource = {"id": refund.refund_id, "supplementary_data": {"related_ids": related}}
    body, headers = paypal.webhook("PAYMENT.CAPTURE.REFUNDED", resource)
    notice = gateway.read_notification(body, headers, "173.0.80.1")
    assert (notice.checkout_id, notice.payment_id) == (order.checkout_id, order.payment_id)
    assert notice.order_id is None


def test_pay_delivers_the_approval_webhook_that_reads_back(paypal):
    received = StubServer({("POST", "/hook/"): lambda request: (200, {})})
    with received:
        paypal.webhook_url = f"{received.url}/hook/"
        order = make_order()
        pay_on_page(checkout(order))
    (delivery,) = received.requests
    notice = gateway.read_notification(delivery["body"].encode(), delivery["headers"], "173.0.80.1")
    assert notice.event == "CHECKOUT.ORDER.APPROVED"
    assert notice.checkout_id == order.checkout_id
    assert paypal.delivered == [(200, b"{}")]


def test_lower_case_headers_are_read(paypal):
    body, headers = paypal.webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    lowered = {name.lower(): value for name, value in headers.items()}
    assert gateway.read_notification(body, lowered, "").payment_id == "3C679366HH908993F"


def test_a_forged_signature_is_refused_by_paypal(paypal):
    body, headers = paypal.forge("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    with pytest.raises(WebhookError) as error:
        gateway.read_notification(body, headers, "173.0.80.1")
    assert not isinstance(error.value, MalformedEvent)
    assert len(paypal.verify_requests()) == 1  # PayPal was asked, and said FAILURE


def test_a_changed_body_under_genuine_headers_is_refused(paypal):
    body, headers = paypal.webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    changed = body.replace(b"3C679366HH908993F", b"9XX99999XX999999X")
    with pytest.raises(WebhookError):
        gateway.read_notification(changed, headers, "173.0.80.1")


def test_an_event_for_another_webhook_is_refused(paypal, settings):
    body, headers = paypal.webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    settings.PAYPAL_WEBHOOK_ID = "1JE4291016473214C"
    with pytest.raises(WebhookError):
        gateway.read_notification(body, headers, "173.0.80.1")
    assert json.loads(paypal.verify_requests()[0]["raw"])["webhook_id"] == "1JE4291016473214C"


@pytest.mark.parametrize("missing", ["PAYPAL-TRANSMISSION-SIG", "PAYPAL-CERT-URL"])
def test_missing_signature_headers_are_refused_without_asking(paypal, missing):
    body, headers = paypal.webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    del headers[missing]
    with pytest.raises(WebhookError):
        gateway.read_notification(body, headers, "173.0.80.1")
    assert paypal.verify_requests() == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {}}',
        b'{"id": "", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": {}}',
        b'{"id": "WH-1", "event_type": "payment captured", "resource": {}}',
        b'{"id": "WH-1", "event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": "3C67"}',
        b'{"id": "WH-1", "event_type": "PAYMENT.X", "resource": {"id": "a\\u0000"}}',
        b'{"id": "WH-1", "event_type": "PAYMENT.X", "resource": {"id": "a\x00"}}',
        b'{"id": "WH-1", "event_type": "X", "resource": {}, "pad": "' + b"x" * 300_000 + b'"}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_a_malformed_event_is_refused_without_asking(paypal, body):
    _body, headers = paypal.webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    with pytest.raises(MalformedEvent):
        gateway.read_notification(body, headers, "173.0.80.1")
    assert paypal.verify_requests() == []


def test_paypal_unreachable_for_the_check_is_a_gateway_error(paypal, settings):
    body, headers = paypal.webhook("PAYMENT.CAPTURE.COMPLETED", {"id": "3C679366HH908993F"})
    settings.PAYPAL_CLIENT_SECRET = "rotated"  # our credentials refused: not the sender's fault
    with pytest.raises(GatewayError):
        gateway.read_notification(body, headers, "173.0.80.1")
