"""The YooKassa gateway through the real `yookassa` SDK against the local stand-in
(fake_yookassa.py): payments with their 54-FZ receipts, states, capture, refunds and the
notifications it believes (by sender address) or refuses.

The gateway never touches the database, so the orders here are unsaved instances.
"""

import json
import socket
from datetime import datetime
from decimal import Decimal

import pytest
import requests

from learning.payments.errors import GatewayError, MalformedEvent, WebhookError
from learning.payments.gateways import GATEWAYS, ReceiptStatus, State, available_for
from learning.payments.gateways.yookassa import YooKassaGateway
from learning.payments.models import Order

from ..stub_server import StubServer

RETURN_URL = "https://ustat.example/payments/return/?order=42"
CANCEL_URL = "https://ustat.example/courses/algebra/"
YOOKASSA_IP = "185.71.76.5"

gateway = YooKassaGateway()


def order(**fields) -> Order:
    values = {
        "pk": 42,
        "email": "learner@example.com",
        "course_title": "Алгебра",
        "amount": Decimal("990"),
        "currency": "RUB",
        "gateway": "yookassa",
    }
    values.update(fields)
    return Order(**values)


def create(the_order: Order, locale: str = "ru"):
    return gateway.create_checkout(
        the_order, return_url=RETURN_URL, cancel_url=CANCEL_URL, locale=locale
    )


def paid_order(fake, **fields) -> Order:
    """An order whose payment the buyer paid (the services then keep its ids)."""
    the_order = order(**fields)
    checkout = create(the_order)
    fake.pay(checkout.checkout_id)
    the_order.checkout_id = the_order.payment_id = checkout.checkout_id
    return the_order


def sent(fake, path: str = "/v3/payments") -> dict:
    return json.loads(fake.calls("POST", path)[-1]["body"])


# --- Creating a payment ----------------------------------------------------------------------


def test_registered_and_configured_by_its_keys(settings, yookassa):
    assert GATEWAYS["yookassa"].is_configured()
    assert [g.name for g in available_for("RUB")][:1] == ["yookassa"]
    assert "yookassa" not in [g.name for g in available_for("USD")]  # RUB only
    settings.YOOKASSA_SECRET_KEY = ""
    assert not gateway.is_configured()
    assert "yookassa" not in [g.name for g in available_for("RUB")]


def test_create_sends_the_payment_with_its_receipt_and_an_idempotence_key(yookassa):
    checkout = create(order(user_id=7, course_id=9))

    assert checkout.checkout_id in yookassa.payments
    assert checkout.url == f"{yookassa.root}/payments/{checkout.checkout_id}/confirm"
    assert checkout.expires_at is None
    request = yookassa.calls("POST", "/v3/payments")[-1]
    assert request["headers"]["Idempotence-Key"].startswith("payment-42-")
    body = json.loads(request["body"])
    assert body["amount"] == {"value": "990.00", "currency": "RUB"}
    assert body["confirmation"] == {
        "type": "redirect",
        "return_url": RETURN_URL,
        "locale": "ru_RU",
    }
    assert body["capture"] is True
    assert "Алгебра" in body["description"]
    assert {k: body["metadata"][k] for k in ("order_id", "user_id", "course_id", "purpose")} == {
        "order_id": "42",
        "user_id": "7",
        "course_id": "9",
        "purpose": "course",
    }
    receipt = body["receipt"]
    assert receipt["customer"] == {"email": "learner@example.com"}
    assert "tax_system_code" not in receipt  # 0: the register's own setting applies
    [item] = receipt["items"]
    assert item["description"] == "Алгебра"
    assert Decimal(str(item["quantity"])) == 1
    assert item["amount"] == {"value": "990.00", "currency": "RUB"}
    assert item["vat_code"] == 1
    assert item["payment_subject"] == "service"
    assert item["payment_mode"] == "full_payment"


def test_receipt_fields_follow_the_settings(settings, yookassa):
    settings.YOOKASSA_TAX_SYSTEM_CODE = 2
    settings.YOOKASSA_VAT_CODE = 4
    settings.YOOKASSA_PAYMENT_SUBJECT = "intellectual_activity"
    settings.YOOKASSA_PAYMENT_MODE = "full_prepayment"
    settings.YOOKASSA_TWO_STAGE = True
    create(order(course_title="К" * 300), locale="en")

    body = sent(yookassa)
    assert body["receipt"]["tax_system_code"] == 2
    [item] = body["receipt"]["items"]
    assert (item["vat_code"], item["payment_subject"], item["payment_mode"]) == (
        4,
        "intellectual_activity",
        "full_prepayment",
    )
    assert item["description"] == "К" * 128  # YooKassa's limit
    assert len(body["description"]) <= 128
    assert body["confirmation"]["locale"] == "en_US"
    assert body["capture"] is False


def test_without_receipts_none_is_sent(settings, yookassa):
    settings.YOOKASSA_RECEIPTS = False
    yookassa.receipts_required = False
    create(order())
    assert "receipt" not in sent(yookassa)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("YOOKASSA_VAT_CODE", 13),
        ("YOOKASSA_VAT_CODE", 0),
        ("YOOKASSA_TAX_SYSTEM_CODE", 7),
        ("YOOKASSA_PAYMENT_MODE", "whenever"),
        ("YOOKASSA_PAYMENT_SUBJECT", "Service!"),
    ],
)
def test_a_wrong_receipt_setting_is_refused_before_anything_is_sent(
    settings, yookassa, name, value
):
    setattr(settings, name, value)
    with pytest.raises(GatewayError):
        create(order())
    assert yookassa.calls("POST", "/v3/payments") == []


def test_a_repeated_create_gets_the_same_payment(yookassa):
    first = create(order())
    again = create(order())
    assert again.checkout_id == first.checkout_id
    assert len(yookassa.payments) == 1
    # Asked otherwise (another language), it is another request on its own key.
    other = create(order(), locale="en")
    assert other.checkout_id != first.checkout_id
    assert len(yookassa.payments) == 2


def test_the_stand_in_refuses_a_key_reused_with_another_body(yookassa):
    """What the gateway's key derivation guards against: the same key, another body."""
    from learning.payments.gateways import yookassa as module

    the_order = order()
    params = module.payment_params(the_order, return_url=RETURN_URL, locale="ru")
    module._call("payment", module._Payment.create, params, idempotency_key="k-1")
    params["description"] = "другое"
    with pytest.raises(GatewayError, match="Idempotence key duplicated"):
        module._call("payment", module._Payment.create, params, idempotency_key="k-1")


def test_not_configured_is_a_gateway_error_and_nothing_is_sent(settings, yookassa):
    settings.YOOKASSA_SHOP_ID = ""
    with pytest.raises(GatewayError):
        create(order())
    with pytest.raises(GatewayError):
        gateway.fetch(order(checkout_id="2a4f8b1c-000f-5000-9000-1b2c3d4e5f60"))
    assert yookassa.requests == []


def test_wrong_keys_and_an_unreachable_api_are_gateway_errors(settings, yookassa):
    settings.YOOKASSA_SECRET_KEY = "test_wrong"
    with pytest.raises(GatewayError, match="Login or password"):
        create(order())
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.YOOKASSA_SECRET_KEY = yookassa.secret_key
    settings.YOOKASSA_API_BASE = f"http://127.0.0.1:{port}/v3"
    with pytest.raises(GatewayError):
        create(order())


# --- What a payment says ---------------------------------------------------------------------


def test_fetch_of_a_pending_payment(yookassa):
    the_order = order()
    the_order.checkout_id = create(the_order).checkout_id
    status = gateway.fetch(the_order)
    assert status.state == State.PENDING
    assert (status.checkout_id, status.payment_id) == (the_order.checkout_id,) * 2
    assert (status.amount, status.currency, status.order_id) == (Decimal("990.00"), "RUB", 42)
    assert status.refunded == 0
    assert status.receipts == ()


def test_fetch_of_a_paid_payment_with_its_receipt(yookassa):
    the_order = paid_order(yookassa)
    status = gateway.fetch(the_order)
    assert status.state == State.PAID
    assert status.payment_id == the_order.checkout_id
    assert yookassa.calls("GET", "/v3/receipts")[-1]["query"] == {
        "payment_id": [the_order.checkout_id]
    }
    [receipt] = status.receipts
    registered = yookassa.receipts[0]
    assert receipt.kind == "payment"
    assert receipt.status == ReceiptStatus.SUCCEEDED
    assert receipt.receipt_id == registered["id"]
    assert receipt.fiscal_document_number == registered["fiscal_document_number"]
    assert receipt.fiscal_storage_number == "9288000100115785"
    assert receipt.fiscal_attribute == registered["fiscal_attribute"]
    assert isinstance(receipt.registered_at, datetime)
    assert receipt.registered_at.tzinfo is not None


def test_fetch_of_a_canceled_payment(yookassa):
    the_order = order()
    the_order.checkout_id = create(the_order).checkout_id
    yookassa.cancel(the_order.checkout_id)
    status = gateway.fetch(the_order)
    assert status.state == State.FAILED
    assert status.receipts == ()  # nothing taken, nothing printed


def test_two_stage_payment_is_authorized_then_captured_once(settings, yookassa):
    settings.YOOKASSA_TWO_STAGE = True
    the_order = paid_order(yookassa)
    held = gateway.fetch(the_order)
    assert held.state == State.AUTHORIZED
    assert held.receipts == ()  # printed when the money is taken
    assert yookassa.calls("GET", "/v3/receipts") == []

    captured = gateway.capture(the_order)
    assert captured.state == State.PAID
    assert [r.kind for r in captured.receipts] == ["payment"]
    assert yookassa.calls("POST", "/v3/payments/")[-1]["headers"]["Idempotence-Key"] == (
        f"capture-42-{the_order.checkout_id}"
    )
    assert gateway.capture(the_order).state == State.PAID  # repeated: the first answer
    assert len(yookassa.receipts) == 1


def test_close_checkout_releases_held_money_only(settings, yookassa):
    pending = order()
    pending.checkout_id = create(pending).checkout_id
    gateway.close_checkout(pending)  # expires by itself: nothing to do
    assert yookassa.calls("POST", f"/v3/payments/{pending.checkout_id}/cancel") == []
    assert yookassa.payments[pending.checkout_id]["status"] == "pending"

    settings.YOOKASSA_TWO_STAGE = True
    held = paid_order(yookassa, pk=43)
    gateway.close_checkout(held)
    assert yookassa.payments[held.checkout_id]["status"] == "canceled"
    assert gateway.fetch(held).state == State.FAILED


# --- Refunds ---------------------------------------------------------------------------------


def test_full_refund_with_its_receipt(yookassa):
    the_order = paid_order(yookassa)
    result = gateway.refund(the_order, Decimal("990"), key="refund-42-1")

    assert result.state == State.PAID
    assert result.amount == Decimal("990.00")
    assert result.refund_id in yookassa.refunds
    request = yookassa.calls("POST", "/v3/refunds")[-1]
    assert request["headers"]["Idempotence-Key"] == "refund-42-1"
    body = json.loads(request["body"])
    assert body["payment_id"] == the_order.payment_id
    assert body["amount"] == {"value": "990.00", "currency": "RUB"}
    assert body["receipt"]["customer"] == {"email": "learner@example.com"}
    assert body["receipt"]["items"][0]["amount"] == {"value": "990.00", "currency": "RUB"}
    [receipt] = result.receipts
    assert receipt.kind == "refund"
    assert receipt.status == ReceiptStatus.SUCCEEDED

    status = gateway.fetch(the_order)
    assert status.refunded == Decimal("990.00")
    assert status.fully_refunded
    assert status.refund_ids == (result.refund_id,)
    assert sorted(r.kind for r in status.receipts) == ["payment", "refund"]


def test_partial_refunds_and_a_repeated_key(yookassa):
    the_order = paid_order(yookassa)
    first = gateway.refund(the_order, Decimal("300"), key="refund-42-1")
    assert sent(yookassa, "/v3/refunds")["receipt"]["items"][0]["amount"]["value"] == "300.00"
    again = gateway.refund(the_order, Decimal("300"), key="refund-42-1")
    assert again.refund_id == first.refund_id  # the same key never refunds twice
    second = gateway.refund(the_order, Decimal("200.50"), key="refund-42-2")

    status = gateway.fetch(the_order)
    assert status.state == State.PAID
    assert status.refunded == Decimal("500.50")
    assert not status.fully_refunded
    assert status.refund_ids == (first.refund_id, second.refund_id)  # oldest first
    assert [r.kind for r in status.receipts].count("refund") == 2


def test_a_pending_refund_then_completed(yookassa):
    the_order = paid_order(yookassa)
    yookassa.refund_status = "pending"
    result = gateway.refund(the_order, Decimal("990"), key="refund-42-1")
    assert result.state == State.PENDING
    assert gateway.fetch(the_order).refunded == 0
    yookassa.complete_refund(result.refund_id)
    assert gateway.fetch(the_order).refunded == Decimal("990.00")


def test_a_refused_refund_is_a_gateway_error(yookassa):
    the_order = paid_order(yookassa)
    with pytest.raises(GatewayError, match="exceeds"):
        gateway.refund(the_order, Decimal("1000"), key="refund-42-1")
    with pytest.raises(GatewayError):
        gateway.refund(order(payment_id=""), Decimal("1"), key="refund-42-2")


# --- The buyer's page at the stand-in --------------------------------------------------------


def test_the_confirmation_page_pays_notifies_and_returns(yookassa):
    heard = StubServer({("POST", "/notify"): lambda request: (200, {})})
    with heard:
        yookassa.notify_url = f"{heard.url}/notify"
        checkout = create(order())
        page = requests.get(checkout.url, timeout=5)
        assert "Оплатить" in page.text and "Отказаться" in page.text
        answer = requests.post(
            checkout.url, data={"action": "pay"}, allow_redirects=False, timeout=5
        )
    assert answer.status_code == 303
    assert answer.headers["Location"] == RETURN_URL
    [delivery] = heard.requests
    notice = gateway.read_notification(delivery["body"].encode(), {}, YOOKASSA_IP)
    assert (notice.event, notice.checkout_id) == ("payment.succeeded", checkout.checkout_id)
    assert notice.order_id == 42
    assert yookassa.receipts[0]["payment_id"] == checkout.checkout_id


# --- Notifications ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["185.71.76.5", "185.71.77.31", "77.75.153.100", "77.75.156.11", "77.75.154.200",
     "2a02:5180::1", "2a02:5180:ffff::42", "::ffff:185.71.76.5"],
)  # fmt: skip
def test_a_notification_from_yookassa_is_heard(yookassa, address):
    the_order = paid_order(yookassa)
    payment = yookassa.payments[the_order.checkout_id]
    notice = gateway.read_notification(
        yookassa.notification("payment.succeeded", payment), {}, address
    )
    assert notice.key == f"payment.succeeded:{payment['id']}"
    assert notice.event == "payment.succeeded"
    assert notice.checkout_id == notice.payment_id == payment["id"]
    assert notice.refund_id == ""
    assert notice.order_id == 42
    assert notice.status is None  # not believed: the services fetch the payment


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "185.71.76.32", "77.75.156.12", "2a02:5181::1", "127.0.0.1", "", "not an ip"],
)
def test_a_notification_from_anywhere_else_is_refused(yookassa, address):
    body = yookassa.notification("payment.succeeded", {"id": "2a4f8b1c-000f", "metadata": {}})
    with pytest.raises(WebhookError) as refused:
        gateway.read_notification(body, {}, address)
    assert not isinstance(refused.value, MalformedEvent)


def test_the_trusted_addresses_follow_the_setting(settings, yookassa):
    settings.YOOKASSA_NOTIFICATION_IPS = ["10.0.0.0/8"]
    body = yookassa.notification("payment.canceled", {"id": "abc-1"})
    assert gateway.read_notification(body, {}, "10.1.2.3").event == "payment.canceled"
    with pytest.raises(WebhookError):
        gateway.read_notification(body, {}, YOOKASSA_IP)


def test_each_event_names_its_payment(yookassa):
    the_order = paid_order(yookassa)
    result = gateway.refund(the_order, Decimal("100"), key="refund-42-1")
    refund = yookassa.refunds[result.refund_id]
    notice = gateway.read_notification(
        yookassa.notification("refund.succeeded", refund), {}, YOOKASSA_IP
    )
    assert notice.key == f"refund.succeeded:{result.refund_id}"
    assert notice.checkout_id == notice.payment_id == the_order.payment_id
    assert notice.refund_id == result.refund_id
    assert notice.order_id is None  # a refund carries no metadata of ours

    for event in ("payment.waiting_for_capture", "payment.canceled"):
        notice = gateway.read_notification(
            yookassa.notification(event, {"id": "abc-1", "metadata": {"order_id": "7"}}),
            {},
            YOOKASSA_IP,
        )
        assert (notice.event, notice.payment_id, notice.order_id) == (event, "abc-1", 7)


def _body(data) -> bytes:
    return data if isinstance(data, bytes) else json.dumps(data).encode()


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"[" * 100_000,
        [],
        {"type": "notification", "event": "payment.succeeded"},
        {"type": "notification", "event": "payment.succeeded", "object": []},
        {"type": "notification", "event": "payment.succeeded", "object": {"id": 5}},
        {"type": "notification", "event": "payment.succeeded", "object": {"id": ""}},
        {"type": "notification", "event": "payment.succeeded", "object": {"id": "a" * 65}},
        {"type": "notification", "event": "payment.succeeded", "object": {"id": "a/../b"}},
        {"type": "notification", "event": "payment.succeeded", "object": {"id": "a\x00"}},
        {"type": "notification", "event": "payment.succeeded", "object": {"id": "a", "x": "\x00"}},
        {"type": "notification", "event": "payment.succeeded",
         "object": {"id": "a", "metadata": 1}},
        {"type": "notification", "event": "deal.closed", "object": {"id": "a"}},
        {"type": "notification", "event": ["payment.succeeded"], "object": {"id": "a"}},
        {"type": "event", "event": "payment.succeeded", "object": {"id": "a"}},
        {"type": "notification", "event": "refund.succeeded", "object": {"id": "r"}},
        {"type": "notification", "event": "refund.succeeded",
         "object": {"id": "r", "payment_id": 1}},
    ],
)  # fmt: skip
def test_a_malformed_notification_is_refused(yookassa, data):
    with pytest.raises(MalformedEvent):
        gateway.read_notification(_body(data), {}, YOOKASSA_IP)


def test_a_malformed_notification_keeps_what_parsed(yookassa):
    data = {"type": "notification", "event": "deal.closed", "object": {"id": "a"}}
    with pytest.raises(MalformedEvent) as refused:
        gateway.read_notification(_body(data), {}, YOOKASSA_IP)
    assert refused.value.data == data


# --- Settings from the environment -----------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("YOOKASSA_VAT_CODE", "4", True),
        ("YOOKASSA_VAT_CODE", "13", False),
        ("YOOKASSA_TAX_SYSTEM_CODE", "7", False),
        ("YOOKASSA_PAYMENT_MODE", "sometimes", False),
        ("YOOKASSA_NOTIFICATION_IPS", "185.71.76.0/27,not-a-network", False),
    ],
)
def test_a_wrong_setting_in_the_environment_stops_the_start(monkeypatch, variable, value, accepted):
    """portal/settings/features.py, run afresh (as a start would) with the variable set."""
    import importlib.util

    from django.core.exceptions import ImproperlyConfigured

    import portal.settings.features

    monkeypatch.setenv(variable, value)
    spec = importlib.util.spec_from_file_location(
        "portal.settings._features_again", portal.settings.features.__file__
    )
    module = importlib.util.module_from_spec(spec)
    if accepted:
        spec.loader.exec_module(module)
        assert getattr(module, variable) == int(value)
    else:
        with pytest.raises(ImproperlyConfigured, match=variable):
            spec.loader.exec_module(module)


def test_the_buyer_sees_the_label_in_russian():
    from django.utils import translation

    with translation.override("ru"):
        assert str(gateway.label) == "Банковская карта, СБП или ЮMoney (ЮKassa)"
