"""PayPal for the payment tests: PayPal's server SDK against a local stand-in server.

FakePayPal answers like api-m.paypal.com with PayPal's field names: the OAuth token (client
credentials, Basic auth checked), Orders v2 (create, show, capture), captured payments and
their refunds, and the webhook check (verify-webhook-signature). Like PayPal, a write
repeated with its PayPal-Request-Id gets the first answer. It also serves the payer's
approval page (/checkoutnow?token=…), whose "Pay" approves the order and sends the buyer
back to the return URL with PayPal's token and PayerID.

Webhooks are signed the fake's way: PayPal signs "transmission id|time|webhook id|CRC32 of
the body" with its certificate's key; here an HMAC with the fake's own key stands in for the
RSA signature. Only the fake can check it, which is the point: the gateway learns whether a
delivery is genuine only by asking (verify-webhook-signature), as with PayPal.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import random
import string
import threading
import uuid
import zlib
from datetime import UTC, datetime
from decimal import Decimal
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

CLIENT_ID = "AUv8rrc_P-EbP2E0mpb49BV7rFt3Usr-vdUZO8VGOnjRehGHBXkSzchr37SYF2GNdQFYSp72jh5QUhzG"
CLIENT_SECRET = "EMnAWe06ioGtouJs7gLYT9chK9-2jJ--7MKRXpI8FesmY_2Kp-d_7aCqff7M9moEJBvuXoBO4clKtY0v"
WEBHOOK_ID = "8PT597110X687430LKGECATA"
AUTH_ALGO = "SHA256withRSA"
_SIGNING_KEY = b"fake-paypal-certificate-key"  # stands in for PayPal's certificate key

_counter = itertools.count(1)


def paypal_id(length: int = 17) -> str:
    """An id shaped like PayPal's (5O190127TN364715T), unique within the test run."""
    serial = f"{next(_counter):06d}"
    letters = "".join(random.choices(string.ascii_uppercase + string.digits, k=length - 6))
    return letters[:5] + serial + letters[5:]


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unprocessable(issue: str, description: str) -> tuple[int, dict]:
    return 422, {
        "name": "UNPROCESSABLE_ENTITY",
        "details": [{"issue": issue, "description": description}],
        "message": "The requested action could not be performed, semantically incorrect, or "
        "failed business validation.",
        "debug_id": uuid.uuid4().hex[:13],
    }


def invalid(field: str, issue: str = "MISSING_REQUIRED_PARAMETER") -> tuple[int, dict]:
    return 400, {
        "name": "INVALID_REQUEST",
        "message": "Request is not well-formed, syntactically incorrect, or violates schema.",
        "details": [{"field": field, "issue": issue}],
        "debug_id": uuid.uuid4().hex[:13],
    }


def not_found() -> tuple[int, dict]:
    return 404, {
        "name": "RESOURCE_NOT_FOUND",
        "details": [{"issue": "INVALID_RESOURCE_ID"}],
        "message": "The specified resource does not exist.",
        "debug_id": uuid.uuid4().hex[:13],
    }


def _money(amount: Decimal, currency: str) -> dict:
    return {"currency_code": currency, "value": f"{amount:.2f}"}


class FakePayPal:
    """Orders, captures and refunds in memory, answered as PayPal's JSON objects."""

    def __init__(
        self,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        webhook_id: str = WEBHOOK_ID,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.webhook_id = webhook_id
        self.orders: dict[str, dict] = {}
        self.captures: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.tokens: set[str] = set()
        self.requests: list[dict] = []
        # What the next capture or refund comes out as (PayPal's statuses).
        self.capture_status = "COMPLETED"
        self.refund_status = "COMPLETED"
        self.capture_refusal = ""  # an issue the next capture is refused with (422)
        self.webhook_url = ""  # where "Pay" on the approval page delivers its webhook
        self.delivered: list[tuple[int, bytes]] = []  # (HTTP status, body) of those deliveries
        self._answered: dict[tuple[str, str], tuple[int, dict]] = {}
        self._transmissions: dict[str, tuple[bytes, dict[str, str]]] = {}
        self._lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # A short poll: shutting down (each test's end) waits for at most one poll.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # --- serving --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakePayPal:
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
                raw = self.rfile.read(length) if length else b""
                request = {
                    "method": method,
                    "path": parts.path,
                    "query": parse_qs(parts.query),
                    "raw": raw,
                    "body": raw.decode(errors="replace"),
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                }
                fake.requests.append(request)
                answer = fake._route(request)
                if answer[0] == "html":
                    _kind, status, html, location = answer
                    data = html.encode()
                    self.send_response(status)
                    if location:
                        self.send_header("Location", location)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                else:
                    status, payload = answer
                    data = json.dumps(payload).encode() if payload is not None else b""
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("PayPal-Debug-Id", uuid.uuid4().hex[:13])
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

    def _route(self, request: dict):
        method, path = request["method"], request["path"]
        segments = path.strip("/").split("/")
        if path == "/checkoutnow":
            return self._approval_page(request)
        if (method, path) == ("POST", "/v1/oauth2/token"):
            return self._token(request)
        if not self._authorized(request):
            return 401, {
                "error": "invalid_token",
                "error_description": "Token signature verification failed",
            }
        if (method, path) == ("POST", "/v1/notifications/verify-webhook-signature"):
            return self._verify(request)
        if (method, path) == ("POST", "/v2/checkout/orders"):
            return self._idempotent(request, self._create_order)
        if segments[:2] == ["v2", "checkout"] and len(segments) >= 4 and segments[2] == "orders":
            order_id = segments[3]
            if order_id not in self.orders:
                return not_found()
            if method == "GET" and len(segments) == 4:
                return 200, self._order_view(order_id)
            if method == "POST" and segments[4:] == ["capture"]:
                return self._idempotent(request, lambda r: self._capture(order_id))
        if segments[:3] == ["v2", "payments", "captures"] and len(segments) >= 4:
            capture_id = segments[3]
            if capture_id not in self.captures:
                return not_found()
            if method == "GET" and len(segments) == 4:
                return 200, self.captures[capture_id]
            if method == "POST" and segments[4:] == ["refund"]:
                return self._idempotent(request, lambda r: self._refund(capture_id, r))
        if segments[:3] == ["v2", "payments", "refunds"] and len(segments) == 4:
            refund = self.refunds.get(segments[3])
            return (200, refund) if refund else not_found()
        return not_found()

    def _idempotent(self, request: dict, create):
        """PayPal's idempotency: the first answer to a PayPal-Request-Id (at one endpoint)
        is the answer to its repeats."""
        request_id = request["headers"].get("paypal-request-id")
        if not request_id:
            return create(request)
        key = (request["path"], request_id)
        with self._lock:
            if key in self._answered:
                return self._answered[key]
            answer = create(request)
            if answer[0] < 300:  # a refused request stores no result
                self._answered[key] = answer
            return answer

    # --- OAuth ----------------------------------------------------------------------------

    def _token(self, request: dict) -> tuple[int, dict]:
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        form = parse_qs(request["body"])
        if request["headers"].get("authorization") != f"Basic {expected}":
            return 401, {
                "error": "invalid_client",
                "error_description": "Client Authentication failed",
            }
        if form.get("grant_type") != ["client_credentials"]:
            return 400, {"error": "unsupported_grant_type", "error_description": "Grant Type"}
        token = "A21AA" + uuid.uuid4().hex + uuid.uuid4().hex
        self.tokens.add(token)
        return 200, {
            "scope": "https://uri.paypal.com/services/payments/payment "
            "https://uri.paypal.com/services/payments/refund",
            "access_token": token,
            "token_type": "Bearer",
            "app_id": "APP-80W284485P519543T",
            "expires_in": 32400,
            "nonce": f"{now()}{uuid.uuid4().hex[:12]}",
        }

    def _authorized(self, request: dict) -> bool:
        header = request["headers"].get("authorization", "")
        return header.startswith("Bearer ") and header[len("Bearer ") :] in self.tokens

    # --- Orders ---------------------------------------------------------------------------

    def _create_order(self, request: dict) -> tuple[int, dict]:
        try:
            body = json.loads(request["body"])
        except ValueError:
            return invalid("/", "MALFORMED_REQUEST_JSON")
        if body.get("intent") not in {"CAPTURE", "AUTHORIZE"}:
            return invalid("/intent")
        units = body.get("purchase_units")
        if not isinstance(units, list) or len(units) != 1:
            return invalid("/purchase_units")
        unit = units[0]
        amount = unit.get("amount") or {}
        if amount.get("currency_code") not in {"USD", "EUR", "RUB"}:
            return invalid("/purchase_units/@reference_id=='default'/amount/currency_code")
        try:
            value = Decimal(amount.get("value"))
        except (ArithmeticError, TypeError, ValueError):
            return invalid("/purchase_units/@reference_id=='default'/amount/value")
        if value <= 0:
            return unprocessable(
                "CANNOT_BE_ZERO_OR_NEGATIVE",
                "Must be greater than zero. If the currency "
                "supports decimals, only two decimal place precision is supported.",
            )
        if f"{value:.2f}" != amount.get("value"):
            return unprocessable("DECIMAL_PRECISION", "The value field has too many decimals.")
        for field, limit in (("description", 127), ("custom_id", 127), ("invoice_id", 127)):
            if len(unit.get(field) or "") > limit:
                return invalid(
                    f"/purchase_units/@reference_id=='default'/{field}", "INVALID_STRING_LENGTH"
                )
        context = ((body.get("payment_source") or {}).get("paypal") or {}).get(
            "experience_context"
        ) or {}
        if not context.get("return_url") or not context.get("cancel_url"):
            return invalid("/payment_source/paypal/experience_context/return_url")
        order_id = paypal_id()
        order = {
            "id": order_id,
            "intent": body["intent"],
            "status": "PAYER_ACTION_REQUIRED",
            "payment_source": {"paypal": {}},
            "purchase_units": [
                {
                    "reference_id": unit.get("reference_id") or "default",
                    "amount": {"currency_code": amount["currency_code"], "value": amount["value"]},
                    "payee": {
                        "email_address": "merchant@ustat.example",
                        "merchant_id": "C7CYMKZDG8D6E",
                    },
                    "description": unit.get("description"),
                    "custom_id": unit.get("custom_id"),
                    "invoice_id": unit.get("invoice_id"),
                }
            ],
            "create_time": now(),
            "experience_context": context,  # kept for the approval page; not in PayPal's answer
        }
        self.orders[order_id] = order
        return 200, self._order_view(order_id)

    def _order_view(self, order_id: str) -> dict:
        order = json.loads(json.dumps(self.orders[order_id]))
        order.pop("experience_context", None)
        links = [
            {"href": f"{self.url}/v2/checkout/orders/{order_id}", "rel": "self", "method": "GET"}
        ]
        if order["status"] == "PAYER_ACTION_REQUIRED":
            links.append(
                {
                    "href": f"{self.url}/checkoutnow?token={order_id}",
                    "rel": "payer-action",
                    "method": "GET",
                }
            )
        if order["status"] == "APPROVED":
            links.append(
                {
                    "href": f"{self.url}/v2/checkout/orders/{order_id}/capture",
                    "rel": "capture",
                    "method": "POST",
                }
            )
        order["links"] = links
        payments = order["purchase_units"][0].get("payments")
        if payments:  # the order lists its captures and refunds as they are now
            payments["captures"] = [
                self._in_order(self.captures[c["id"]]) for c in payments.get("captures", [])
            ]
            if payments.get("refunds"):
                payments["refunds"] = [
                    self._in_order(self.refunds[r["id"]]) for r in payments["refunds"]
                ]
        return order

    @staticmethod
    def _in_order(resource: dict) -> dict:
        shown = dict(resource)
        shown.pop("supplementary_data", None)
        return shown

    def approve(self, order_id: str, payer_id: str = "QYR5Z8XDVJNXQ") -> dict:
        """The buyer approves the order on PayPal's page."""
        order = self.orders[order_id]
        if order["status"] in {"CREATED", "PAYER_ACTION_REQUIRED"}:
            order["status"] = "APPROVED"
            order["payer"] = {
                "name": {"given_name": "Иван", "surname": "Петров"},
                "email_address": "buyer@personal.example.com",
                "payer_id": payer_id,
            }
            order["payment_source"] = {
                "paypal": {
                    "email_address": "buyer@personal.example.com",
                    "account_id": payer_id,
                    "account_status": "VERIFIED",
                }
            }
        return self._order_view(order_id)

    def _capture(self, order_id: str) -> tuple[int, dict]:
        order = self.orders[order_id]
        if order["status"] == "COMPLETED":
            return unprocessable(
                "ORDER_ALREADY_CAPTURED",
                "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
            )
        if order["status"] != "APPROVED":
            return unprocessable(
                "ORDER_NOT_APPROVED",
                "Payer has not yet approved the Order for payment. Please redirect the payer "
                "to the 'rel':'approve' url returned as part of the HATEOAS links within the "
                "Create Order call or provide a valid payment_source in the request.",
            )
        if self.capture_refusal:
            return unprocessable(
                self.capture_refusal,
                "The instrument presented was either declined by the processor or bank, or "
                "it can't be used for this payment.",
            )
        unit = order["purchase_units"][0]
        capture_id = paypal_id()
        amount = Decimal(unit["amount"]["value"])
        fee = (amount * Decimal("0.034") + Decimal("0.30")).quantize(Decimal("0.01"))
        capture = {
            "id": capture_id,
            "status": self.capture_status,
            "amount": dict(unit["amount"]),
            "final_capture": True,
            "seller_protection": {"status": "ELIGIBLE"},
            "seller_receivable_breakdown": {
                "gross_amount": dict(unit["amount"]),
                "paypal_fee": _money(fee, unit["amount"]["currency_code"]),
                "net_amount": _money(amount - fee, unit["amount"]["currency_code"]),
            },
            "custom_id": unit.get("custom_id"),
            "invoice_id": unit.get("invoice_id"),
            "links": [
                {
                    "href": f"{self.url}/v2/payments/captures/{capture_id}",
                    "rel": "self",
                    "method": "GET",
                },
                {
                    "href": f"{self.url}/v2/payments/captures/{capture_id}/refund",
                    "rel": "refund",
                    "method": "POST",
                },
                {
                    "href": f"{self.url}/v2/checkout/orders/{order_id}",
                    "rel": "up",
                    "method": "GET",
                },
            ],
            "supplementary_data": {"related_ids": {"order_id": order_id}},
            "create_time": now(),
            "update_time": now(),
        }
        if self.capture_status == "PENDING":
            capture["status_details"] = {"reason": "PENDING_REVIEW"}
        self.captures[capture_id] = capture
        order["status"] = "COMPLETED"
        unit["payments"] = {"captures": [{"id": capture_id}]}
        return 201, self._order_view(order_id)

    def capture_of(self, order_id: str) -> dict:
        """The order's capture, as GET /v2/payments/captures/{id} shows it."""
        payments = self.orders[order_id]["purchase_units"][0]["payments"]
        return self.captures[payments["captures"][0]["id"]]

    # --- Refunds --------------------------------------------------------------------------

    def _refunded(self, capture_id: str) -> Decimal:
        return sum(
            (
                Decimal(r["amount"]["value"])
                for r in self.refunds.values()
                if r["capture_id"] == capture_id and r["status"] in {"COMPLETED", "PENDING"}
            ),
            Decimal(0),
        )

    def _refund(self, capture_id: str, request: dict) -> tuple[int, dict]:
        capture = self.captures[capture_id]
        body = json.loads(request["body"] or "{}")
        if capture["status"] == "REFUNDED":
            return unprocessable(
                "CAPTURE_FULLY_REFUNDED", "The capture has already been fully refunded"
            )
        if capture["status"] not in {"COMPLETED", "PARTIALLY_REFUNDED"}:
            return unprocessable("INVALID_RESOURCE_ID", "Requested resource ID was not found.")
        total = Decimal(capture["amount"]["value"])
        left = total - self._refunded(capture_id)
        currency = capture["amount"]["currency_code"]
        if body.get("amount"):
            if body["amount"].get("currency_code") != currency:
                return unprocessable(
                    "REFUND_CURRENCY_MISMATCH",
                    "Refund must be in the same currency as the capture.",
                )
            amount = Decimal(body["amount"]["value"])
            if amount <= 0:
                return invalid("/amount/value", "INVALID_PARAMETER_VALUE")
            if amount > left:
                return unprocessable(
                    "REFUND_AMOUNT_EXCEEDED",
                    "The refund amount must be less than or equal to the capture amount that "
                    "has not yet been refunded.",
                )
        else:
            amount = left  # no amount: the rest of the capture
        refund_id = paypal_id()
        order_id = capture["supplementary_data"]["related_ids"]["order_id"]
        refund = {
            "id": refund_id,
            "amount": _money(amount, currency),
            "status": self.refund_status,
            "custom_id": body.get("custom_id") or capture.get("custom_id"),
            "invoice_id": capture.get("invoice_id"),
            "note_to_payer": body.get("note_to_payer"),
            "create_time": now(),
            "update_time": now(),
            "links": [
                {
                    "href": f"{self.url}/v2/payments/refunds/{refund_id}",
                    "rel": "self",
                    "method": "GET",
                },
                {
                    "href": f"{self.url}/v2/payments/captures/{capture_id}",
                    "rel": "up",
                    "method": "GET",
                },
            ],
            "capture_id": capture_id,  # the fake's own bookkeeping, dropped below
        }
        refund = {key: value for key, value in refund.items() if value is not None}
        self.refunds[refund_id] = refund
        if self.refund_status == "COMPLETED":
            left_now = total - self._refunded(capture_id)
            capture["status"] = "REFUNDED" if left_now <= 0 else "PARTIALLY_REFUNDED"
            capture["update_time"] = now()
        payments = self.orders[order_id]["purchase_units"][0]["payments"]
        payments.setdefault("refunds", []).append({"id": refund_id})
        return 201, self._refund_view(refund)

    def _refund_view(self, refund: dict) -> dict:
        shown = dict(refund)
        shown.pop("capture_id", None)
        return shown

    # --- Webhooks -------------------------------------------------------------------------

    @staticmethod
    def _sign(transmission_id: str, time: str, webhook_id: str, body: bytes, key: bytes) -> str:
        message = f"{transmission_id}|{time}|{webhook_id}|{zlib.crc32(body)}".encode()
        return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()

    def event(self, event_type: str, resource: dict, event_id: str | None = None) -> dict:
        """An event as PayPal delivers it (Webhooks v1 envelope)."""
        resource_type = (
            "checkout-order"
            if event_type.startswith("CHECKOUT.ORDER.")
            else "refund"
            if event_type in {"PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED"}
            else "capture"
        )
        event_id = event_id or f"WH-{paypal_id(17)}-{paypal_id(17)}"
        return {
            "id": event_id,
            "event_version": "1.0",
            "create_time": now(),
            "resource_type": resource_type,
            "resource_version": "2.0",
            "event_type": event_type,
            "summary": f"{event_type.title()} event",
            "resource": resource,
            "links": [
                {
                    "href": f"{self.url}/v1/notifications/webhooks-events/{event_id}",
                    "rel": "self",
                    "method": "GET",
                }
            ],
        }

    def sign(self, body: bytes, *, webhook_id: str | None = None) -> dict[str, str]:
        """PayPal's transmission headers for this body, sent to the (given) webhook; the fake
        remembers the transmission, so verify-webhook-signature can vouch for it."""
        transmission_id = str(uuid.uuid1())
        time = now()
        headers = {
            "PAYPAL-AUTH-ALGO": AUTH_ALGO,
            "PAYPAL-CERT-URL": f"{self.url}/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
            "PAYPAL-TRANSMISSION-ID": transmission_id,
            "PAYPAL-TRANSMISSION-SIG": self._sign(
                transmission_id, time, webhook_id or self.webhook_id, body, _SIGNING_KEY
            ),
            "PAYPAL-TRANSMISSION-TIME": time,
            "Content-Type": "application/json",
        }
        with self._lock:
            self._transmissions[transmission_id] = (body, headers)
        return headers

    def webhook(
        self, event_type: str, resource: dict, event_id: str | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """A genuine delivery: the event's body and the headers PayPal signs it with."""
        body = json.dumps(self.event(event_type, resource, event_id)).encode()
        return body, self.sign(body)

    def forge(
        self, event_type: str, resource: dict, event_id: str | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """A delivery PayPal never made: well-formed headers, signed with another key."""
        body = json.dumps(self.event(event_type, resource, event_id)).encode()
        transmission_id, time = str(uuid.uuid1()), now()
        return body, {
            "PAYPAL-AUTH-ALGO": AUTH_ALGO,
            "PAYPAL-CERT-URL": "https://attacker.example/cert.pem",
            "PAYPAL-TRANSMISSION-ID": transmission_id,
            "PAYPAL-TRANSMISSION-SIG": self._sign(
                transmission_id, time, self.webhook_id, body, b"not-paypal"
            ),
            "PAYPAL-TRANSMISSION-TIME": time,
            "Content-Type": "application/json",
        }

    def _verify(self, request: dict) -> tuple[int, dict]:
        try:
            body = json.loads(request["raw"])
        except ValueError:
            return invalid("/", "MALFORMED_REQUEST_JSON")
        fields = ("auth_algo", "cert_url", "transmission_id", "transmission_sig")
        for field in (*fields, "transmission_time", "webhook_id", "webhook_event"):
            if not body.get(field):
                return 400, {
                    "name": "VALIDATION_ERROR",
                    "message": "Invalid request - see details",
                    "details": [{"field": field, "location": "body", "issue": "may not be null"}],
                    "debug_id": uuid.uuid4().hex[:13],
                }
        with self._lock:
            sent = self._transmissions.get(body["transmission_id"])
        verified = (
            sent is not None
            and body["webhook_id"] == self.webhook_id
            and body["webhook_event"] == json.loads(sent[0])
            and body["auth_algo"] == sent[1]["PAYPAL-AUTH-ALGO"]
            and body["cert_url"] == sent[1]["PAYPAL-CERT-URL"]
            and body["transmission_time"] == sent[1]["PAYPAL-TRANSMISSION-TIME"]
            and hmac.compare_digest(
                body["transmission_sig"],
                self._sign(
                    body["transmission_id"],
                    body["transmission_time"],
                    body["webhook_id"],
                    sent[0],
                    _SIGNING_KEY,
                ),
            )
        )
        return 200, {"verification_status": "SUCCESS" if verified else "FAILURE"}

    def verify_requests(self) -> list[dict]:
        return self.calls("POST", "/v1/notifications/verify-webhook-signature")

    # --- The payer's page -----------------------------------------------------------------

    def _approval_page(self, request: dict):
        token = (request["query"].get("token") or [""])[0]
        order = self.orders.get(token)
        if order is None:
            return "html", 404, "<p>Things don't appear to be working at the moment.</p>", ""
        if request["method"] == "GET":
            unit = order["purchase_units"][0]
            page = (
                "<!doctype html><title>PayPal Checkout</title>"
                f"<p>{escape(unit.get('description') or '')}: "
                f"{escape(unit['amount']['value'])} {escape(unit['amount']['currency_code'])}</p>"
                f'<form method="post" action="/checkoutnow?token={escape(token)}">'
                '<button name="action" value="pay">Pay</button>'
                '<button name="action" value="cancel">Cancel</button></form>'
            )
            return "html", 200, page, ""
        action = (parse_qs(request["body"]).get("action") or [""])[0]
        context = order["experience_context"]
        if action != "pay":
            return "html", 303, "", _with_query(context["cancel_url"], token=token)
        view = self.approve(token)
        payer_id = self.orders[token]["payer"]["payer_id"]
        if self.webhook_url:
            body, headers = self.webhook("CHECKOUT.ORDER.APPROVED", view)
            self.delivered.append(self._deliver(body, headers))
        return "html", 303, "", _with_query(context["return_url"], token=token, PayerID=payer_id)

    def _deliver(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        response = requests.post(self.webhook_url, data=body, headers=headers, timeout=10)
        return response.status_code, response.content


def _with_query(url: str, **params: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


@pytest.fixture
def paypal(settings):
    """PayPal configured and pointed at the local stand-in."""
    with FakePayPal() as fake:
        settings.PAYPAL_CLIENT_ID = CLIENT_ID
        settings.PAYPAL_CLIENT_SECRET = CLIENT_SECRET
        settings.PAYPAL_WEBHOOK_ID = WEBHOOK_ID
        settings.PAYPAL_API_BASE = fake.url
        yield fake
