"""YooKassa for the payment tests: the real `yookassa` SDK against a local stand-in server.

FakeYooKassa answers like api.yookassa.ru/v3 (payments, capture, cancel, refunds, receipts),
checks Basic auth (shop id : secret key) and records every request. Like YooKassa, a POST
needs an Idempotence-Key; the key repeated with the same body gets the first answer, with
another body an error. It also serves the buyer's confirmation page (/payments/<id>/confirm,
"Оплатить" / "Отказаться"): paying there settles the payment, registers its receipt, posts
YooKassa's notification to ``notify_url`` (when a test sets one) and sends the buyer back to
the payment's return_url.
"""

from __future__ import annotations

import base64
import copy
import html
import itertools
import json
import re
import threading
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

SHOP_ID = "100500"
SECRET_KEY = "test_Fh8hUAVVBGUGbjmlzba6TB0iyUbos_lueTHE-axOwM0"

_fiscal = itertools.count(3986)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error(status: int, code: str, description: str, parameter: str = "") -> tuple[int, dict]:
    body = {"type": "error", "id": str(uuid.uuid4()), "code": code, "description": description}
    if parameter:
        body["parameter"] = parameter
    return status, body


class FakeYooKassa:
    """Payments, refunds and receipts in memory, answered as YooKassa's JSON objects."""

    def __init__(self, shop_id: str = SHOP_ID, secret_key: str = SECRET_KEY) -> None:
        self.shop_id = shop_id
        self.secret_key = secret_key
        self.payments: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.receipts: list[dict] = []
        self.requests: list[dict] = []
        self.notifications: list[dict] = []  # what was posted to notify_url
        self.notify_url = ""
        # A shop connected to 54-FZ receipts: YooKassa refuses a payment without one.
        self.receipts_required = True
        self.refund_status = "succeeded"  # "pending": a refund completes on complete_refund()
        self.fail_with: tuple[int, dict] | None = None
        self._answered: dict[str, tuple[str, object, tuple[int, dict]]] = {}
        self._requests_of: dict[str, dict] = {}  # payment id: the body that created it
        self._refund_receipts: dict[str, dict | None] = {}  # refund id: the receipt sent
        self._lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # A short poll: shutting down at each test's end waits for it (0.5 s by default).
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # --- The server -------------------------------------------------------------------------

    @property
    def root(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        """The API base, as YOOKASSA_API_BASE wants it."""
        return f"{self.root}/v3"

    def __enter__(self) -> FakeYooKassa:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls(self, method: str, path_start: str) -> list[dict]:
        return [
            r for r in self.requests if r["method"] == method and r["path"].startswith(path_start)
        ]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                request = {
                    "method": method,
                    "path": parts.path,
                    "query": parse_qs(parts.query),
                    "body": body,
                    "headers": dict(self.headers),
                }
                fake.requests.append(request)
                if parts.path.startswith("/payments/"):
                    status, headers, data = fake._page(request)
                else:
                    status, payload = fake._api(request)
                    headers = {"Content-Type": "application/json"}
                    data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def log_message(self, *args) -> None:
                pass

        return Handler

    # --- The API ----------------------------------------------------------------------------

    def _authorized(self, request: dict) -> bool:
        expected = base64.b64encode(f"{self.shop_id}:{self.secret_key}".encode()).decode()
        return request["headers"].get("Authorization") == f"Basic {expected}"

    def _api(self, request: dict) -> tuple[int, dict]:
        if not self._authorized(request):
            return _error(
                401,
                "invalid_credentials",
                "Login or password is incorrect. Check your shopId and secret key.",
            )
        method, path = request["method"], request["path"]
        if method == "GET":
            query = {key: values[0] for key, values in request["query"].items()}
            if path == "/v3/receipts":
                return self._list_receipts(query)
            if path == "/v3/refunds":
                return self._list_refunds(query)
            match = re.fullmatch(r"/v3/(payments|refunds)/([^/]+)", path)
            if match:
                store = self.payments if match[1] == "payments" else self.refunds
                obj = store.get(match[2])
                if obj is None:
                    return _error(404, "not_found", "Incorrect object id", "id")
                return 200, copy.deepcopy(obj)
            return _error(404, "not_found", "Unknown method")
        if method != "POST":
            return _error(405, "invalid_request", "Method not allowed")
        try:
            body = json.loads(request["body"] or "{}")
        except ValueError:
            return _error(400, "invalid_request", "Malformed JSON")
        if path == "/v3/payments":
            route = self._create_payment
        elif path == "/v3/refunds":
            route = self._create_refund
        else:
            match = re.fullmatch(r"/v3/payments/([^/]+)/(capture|cancel)", path)
            if not match:
                return _error(404, "not_found", "Unknown method")
            payment_id, action = match[1], match[2]
            route = (
                (lambda b, pid=payment_id: self._capture(pid, b))
                if action == "capture"
                else (lambda b, pid=payment_id: self._cancel_payment(pid))
            )
        return self._idempotent(request, path, body, route)

    def _idempotent(self, request: dict, path: str, body: dict, route) -> tuple[int, dict]:
        """YooKassa's idempotence: a key's first answer answers its repeats (24 hours)."""
        key = request["headers"].get("Idempotence-Key")
        if not key:
            return _error(
                400, "invalid_request", "Idempotence key header missing", "Idempotence-Key"
            )
        if len(key) > 64:
            return _error(400, "invalid_request", "Idempotence key too long", "Idempotence-Key")
        with self._lock:
            if key in self._answered:
                first_path, first_body, answer = self._answered[key]
                if (first_path, first_body) != (path, body):
                    return _error(
                        400,
                        "invalid_request",
                        "Idempotence key duplicated: another request was made with it",
                        "Idempotence-Key",
                    )
                return answer
            if self.fail_with:
                return self.fail_with
            answer = route(body)
            if answer[0] == 200:
                self._answered[key] = (path, body, answer)
            return answer

    def _check_receipt(self, receipt: object, amount: dict) -> tuple[int, dict] | None:
        """YooKassa's checks of a receipt: a customer to send it to, items summing to the
        amount, each with the fields 54-FZ needs."""
        if receipt is None:
            if self.receipts_required:
                return _error(400, "invalid_request", "Receipt is missing or illegal", "receipt")
            return None
        if not isinstance(receipt, dict):
            return _error(400, "invalid_request", "Receipt is illegal", "receipt")
        customer = receipt.get("customer") or {}
        if not (customer.get("email") or customer.get("phone")):
            return _error(400, "invalid_request", "Customer contact missing", "receipt.customer")
        items = receipt.get("items")
        if not isinstance(items, list) or not items:
            return _error(400, "invalid_request", "Receipt items missing", "receipt.items")
        total = Decimal(0)
        for item in items:
            description = item.get("description")
            if not isinstance(description, str) or not 1 <= len(description) <= 128:
                return _error(
                    400, "invalid_request", "Illegal description", "receipt.items.description"
                )
            if item.get("vat_code") not in range(1, 13):
                return _error(400, "invalid_request", "Illegal vat_code", "receipt.items.vat_code")
            for name in ("payment_subject", "payment_mode"):
                if not isinstance(item.get(name), str):
                    return _error(
                        400, "invalid_request", f"Illegal {name}", f"receipt.items.{name}"
                    )
            total += Decimal(str(item["quantity"])) * Decimal(item["amount"]["value"])
        if "tax_system_code" in receipt and receipt["tax_system_code"] not in range(1, 7):
            return _error(
                400, "invalid_request", "Illegal tax_system_code", "receipt.tax_system_code"
            )
        if total != Decimal(amount["value"]):
            return _error(
                400,
                "invalid_request",
                "The sum of the receipt items does not match the amount",
                "receipt.items.amount",
            )
        return None

    def _create_payment(self, body: dict) -> tuple[int, dict]:
        amount = body.get("amount") or {}
        if not re.fullmatch(r"\d+\.\d{2}", str(amount.get("value"))) or amount.get(
            "currency"
        ) not in {"RUB"}:
            return _error(400, "invalid_request", "Illegal amount", "amount")
        confirmation = body.get("confirmation") or {}
        if confirmation.get("type") != "redirect" or not confirmation.get("return_url"):
            return _error(400, "invalid_request", "Illegal confirmation", "confirmation")
        if len(body.get("description") or "") > 128:
            return _error(400, "invalid_request", "Description too long", "description")
        problem = self._check_receipt(body.get("receipt"), amount)
        if problem:
            return problem
        payment_id = f"{uuid.uuid4().hex[:8]}-000f-5000-9000-{uuid.uuid4().hex[:12]}"
        payment = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": {"value": amount["value"], "currency": amount["currency"]},
            "confirmation": {
                "type": "redirect",
                "return_url": confirmation["return_url"],
                "confirmation_url": f"{self.root}/payments/{payment_id}/confirm",
            },
            "created_at": _now(),
            "description": body.get("description", ""),
            "metadata": body.get("metadata") or {},
            "recipient": {"account_id": self.shop_id, "gateway_id": "2000000"},
            "refundable": False,
            "test": True,
        }
        with self._lock:
            self.payments[payment_id] = payment
            self._requests_of[payment_id] = body
        return 200, copy.deepcopy(payment)

    def _capture(self, payment_id: str, body: dict | None) -> tuple[int, dict]:
        payment = self.payments.get(payment_id)
        if payment is None:
            return _error(404, "not_found", "Incorrect payment id", "payment_id")
        if payment["status"] == "succeeded":
            return 200, copy.deepcopy(payment)
        if payment["status"] != "waiting_for_capture":
            return _error(
                400,
                "invalid_request",
                f"Payment is in {payment['status']} status, capture is not possible",
            )
        self._succeed(payment)
        return 200, copy.deepcopy(payment)

    def _cancel_payment(self, payment_id: str) -> tuple[int, dict]:
        payment = self.payments.get(payment_id)
        if payment is None:
            return _error(404, "not_found", "Incorrect payment id", "payment_id")
        if payment["status"] == "canceled":
            return 200, copy.deepcopy(payment)
        if payment["status"] != "waiting_for_capture":
            return _error(
                400,
                "invalid_request",
                f"Payment is in {payment['status']} status, cancel is not possible",
            )
        self._cancel(payment, party="merchant", reason="canceled_by_merchant")
        return 200, copy.deepcopy(payment)

    def _create_refund(self, body: dict) -> tuple[int, dict]:
        payment = self.payments.get(body.get("payment_id") or "")
        if payment is None:
            return _error(404, "not_found", "Incorrect payment id", "payment_id")
        amount = body.get("amount") or {}
        if payment["status"] != "succeeded":
            return _error(400, "invalid_request", "Payment is not succeeded", "payment_id")
        value = Decimal(str(amount.get("value") or "0"))
        refunded = Decimal(payment.get("refunded_amount", {}).get("value", "0"))
        pending = sum(
            (
                Decimal(r["amount"]["value"])
                for r in self.refunds.values()
                if r["payment_id"] == payment["id"] and r["status"] == "pending"
            ),
            Decimal(0),
        )
        if value <= 0 or value + refunded + pending > Decimal(payment["amount"]["value"]):
            return _error(400, "invalid_request", "Refund amount exceeds the payment", "amount")
        problem = self._check_receipt(body.get("receipt"), amount) if "receipt" in body else None
        if problem is None and "receipt" not in body and self.receipts_required:
            problem = _error(400, "invalid_request", "Receipt is missing or illegal", "receipt")
        if problem:
            return problem
        refund = {
            "id": f"{uuid.uuid4().hex[:8]}-0015-5000-8000-{uuid.uuid4().hex[:12]}",
            "payment_id": payment["id"],
            "status": "pending",
            "created_at": _now(),
            "amount": {"value": str(value.quantize(Decimal("0.01"))), "currency": "RUB"},
        }
        if "receipt" in body:
            refund["receipt_registration"] = "pending"
        self.refunds[refund["id"]] = refund
        self._refund_receipts[refund["id"]] = body.get("receipt")
        if self.refund_status == "succeeded":
            self._complete_refund(refund)
        return 200, copy.deepcopy(refund)

    def _list_receipts(self, query: dict) -> tuple[int, dict]:
        items = [
            r
            for r in self.receipts
            if all(
                r.get(name) == query[name] for name in ("payment_id", "refund_id") if name in query
            )
        ]
        return 200, {"type": "list", "items": copy.deepcopy(items)}

    def _list_refunds(self, query: dict) -> tuple[int, dict]:
        items = [r for r in self.refunds.values() if r["payment_id"] == query.get("payment_id")]
        # YooKassa lists newest first.
        return 200, {"type": "list", "items": copy.deepcopy(items[::-1])}

    # --- What happens at YooKassa -----------------------------------------------------------

    def _register_receipt(self, kind: str, payment: dict, refund: dict | None = None) -> None:
        sent = (
            self._refund_receipts.get(refund["id"])
            if refund
            else self._requests_of.get(payment["id"], {}).get("receipt")
        )
        if not sent:
            return
        number = next(_fiscal)
        receipt = {
            "id": f"rt-{uuid.uuid4()}",
            "type": kind,
            "payment_id": payment["id"],
            "status": "succeeded",
            "fiscal_document_number": str(number),
            "fiscal_storage_number": "9288000100115785",
            "fiscal_attribute": str(2617603921 + number),
            "registered_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "fiscal_provider_id": str(uuid.uuid4()),
            "items": sent["items"],
            "settlements": [
                {
                    "type": "cashless",
                    "amount": (refund or payment)["amount"],
                }
            ],
        }
        if "tax_system_code" in sent:
            receipt["tax_system_code"] = sent["tax_system_code"]
        if refund:
            receipt["refund_id"] = refund["id"]
            refund["receipt_registration"] = "succeeded"
        else:
            payment["receipt_registration"] = "succeeded"
        self.receipts.append(receipt)

    def _succeed(self, payment: dict) -> None:
        payment.update(
            status="succeeded",
            paid=True,
            refundable=True,
            captured_at=_now(),
            income_amount={
                "value": str(
                    (Decimal(payment["amount"]["value"]) * Decimal("0.965")).quantize(
                        Decimal("0.01")
                    )
                ),
                "currency": payment["amount"]["currency"],
            },
            refunded_amount={"value": "0.00", "currency": payment["amount"]["currency"]},
        )
        payment.pop("expires_at", None)
        self._register_receipt("payment", payment)
        self._notify("payment.succeeded", payment)

    def _cancel(self, payment: dict, *, party: str, reason: str) -> None:
        payment.update(
            status="canceled",
            paid=False,
            refundable=False,
            cancellation_details={"party": party, "reason": reason},
        )
        payment.pop("expires_at", None)
        self._notify("payment.canceled", payment)

    def _complete_refund(self, refund: dict) -> None:
        refund["status"] = "succeeded"
        payment = self.payments[refund["payment_id"]]
        refunded = Decimal(payment["refunded_amount"]["value"]) + Decimal(refund["amount"]["value"])
        payment["refunded_amount"] = {
            "value": str(refunded.quantize(Decimal("0.01"))),
            "currency": payment["amount"]["currency"],
        }
        self._register_receipt("refund", payment, refund)
        self._notify("refund.succeeded", refund)

    def _notify(self, event: str, obj: dict) -> None:
        if not self.notify_url:
            return
        body = self.notification(event, obj)
        self.notifications.append(json.loads(body))
        request = urllib.request.Request(  # noqa: S310 (a test's own http:// address)
            self.notify_url,
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10):  # noqa: S310
                pass
        except OSError:  # YooKassa retries later; a test reads fake.notifications
            pass

    # --- The buyer's page -------------------------------------------------------------------

    def _page(self, request: dict) -> tuple[int, dict, bytes]:
        match = re.fullmatch(r"/payments/([^/]+)/confirm", request["path"])
        payment = self.payments.get(match[1]) if match else None
        if payment is None:
            return 404, {"Content-Type": "text/plain; charset=utf-8"}, "Платёж не найден".encode()
        if request["method"] == "POST":
            choice = parse_qs(request["body"]).get("action", [""])[0]
            with self._lock:
                if payment["status"] == "pending":
                    if choice == "pay":
                        self.pay(payment["id"])
                    elif choice == "cancel":
                        self.cancel(payment["id"])
            return 303, {"Location": payment["confirmation"]["return_url"]}, b""
        amount = html.escape(f"{payment['amount']['value']} ₽")
        description = html.escape(payment.get("description") or "")
        page = f"""<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Оплата заказа — ЮKassa</title></head>
<body><h1>Оплата заказа</h1><p>{description}</p><p>К оплате: {amount}</p>
<form method="post"><button name="action" value="pay">Оплатить</button>
<button name="action" value="cancel">Отказаться</button></form></body></html>"""
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()

    # --- Helpers for tests ------------------------------------------------------------------

    def pay(self, payment_id: str) -> dict:
        """The buyer pays: succeeded (or waiting_for_capture when capture was false)."""
        with self._lock:
            payment = self.payments[payment_id]
            if self._requests_of[payment_id].get("capture", False):
                self._succeed(payment)
            else:
                payment.update(
                    status="waiting_for_capture",
                    paid=True,
                    expires_at=(datetime.now(UTC) + timedelta(days=7)).strftime(
                        "%Y-%m-%dT%H:%M:%S.000Z"
                    ),
                )
                self._notify("payment.waiting_for_capture", payment)
            return copy.deepcopy(payment)

    def cancel(self, payment_id: str) -> dict:
        """The buyer refuses (or the page times out): canceled, nothing taken."""
        with self._lock:
            payment = self.payments[payment_id]
            self._cancel(payment, party="yoo_money", reason="expired_on_confirmation")
            return copy.deepcopy(payment)

    def complete_refund(self, refund_id: str) -> dict:
        with self._lock:
            refund = self.refunds[refund_id]
            if refund["status"] == "pending":
                self._complete_refund(refund)
            return copy.deepcopy(refund)

    def notification(self, event: str, payment_or_refund: dict) -> bytes:
        """The body YooKassa posts for the event."""
        return json.dumps(
            {"type": "notification", "event": event, "object": payment_or_refund},
            ensure_ascii=False,
        ).encode()


@pytest.fixture
def yookassa(settings):
    """YooKassa configured (receipts on, one-stage) and pointed at the local stand-in."""
    fake = FakeYooKassa()
    with fake:
        settings.YOOKASSA_SHOP_ID = SHOP_ID
        settings.YOOKASSA_SECRET_KEY = SECRET_KEY
        settings.YOOKASSA_API_BASE = fake.url
        settings.YOOKASSA_TWO_STAGE = False
        settings.YOOKASSA_RECEIPTS = True
        yield fake
