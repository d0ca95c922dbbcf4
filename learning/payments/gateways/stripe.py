"""Stripe behind the gateway interface (base.py), through the official `stripe` library.

Configured by settings: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_API_BASE (tests
point it at a local HTTP server; the library's code runs unchanged). Every call that
could charge or refund carries an Idempotency-Key derived from the order, so a retry,
a double click or two processes racing never charge or refund twice (closing a Checkout
page is safe to repeat as it is).

Results come back as plain dicts. Any failure is a GatewayError (errors.py); the caller
decides what the person sees.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import UTC, datetime
from decimal import Decimal as D
from typing import TYPE_CHECKING, Any

import stripe
from django.utils.translation import gettext_lazy as _

from .. import events
from ..app_settings import app_settings
from ..errors import GatewayError, MalformedEvent, WebhookError
from .base import (
    Checkout,
    Gateway,
    Notice,
    PayableOrder,
    PaymentStatus,
    RefundResult,
    State,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal


logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.stripe.com"
TIMEOUT_SECONDS = 20
NETWORK_RETRIES = 2  # safe: every write carries an idempotency key
# How far a webhook's signed timestamp may be from our clock, either way (Stripe's default).
SIGNATURE_TOLERANCE_SECONDS = 300


def secret_key() -> str:
    return app_settings.STRIPE_SECRET_KEY or ""


def webhook_secret() -> str:
    return app_settings.STRIPE_WEBHOOK_SECRET or ""


def api_base() -> str:
    return app_settings.STRIPE_API_BASE or DEFAULT_API_BASE


def is_configured() -> bool:
    """Both keys are needed: the secret one to charge, the webhook one to hear the outcome."""
    return bool(secret_key() and webhook_secret())


def _client() -> stripe.StripeClient:
    if not secret_key():
        raise GatewayError("STRIPE_SECRET_KEY is not set")
    return stripe.StripeClient(
        secret_key(),
        base_addresses={"api": api_base()},
        max_network_retries=NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
    )


def _call(what: str, call, *args, **kwargs) -> dict[str, Any]:
    try:
        return call(*args, **kwargs).to_dict()
    except stripe.StripeError as error:
        logger.warning("Stripe %s failed: %s", what, error)
        raise GatewayError(str(error.user_message or error)) from error


def order_metadata(order: PayableOrder) -> dict[str, str]:
    metadata = {
        "order_id": str(order.pk),
        "user_id": str(order.user_id or ""),
        "course_id": str(order.course_id or ""),
    }
    if not order.is_for_course:
        metadata["purpose"] = order.purpose
    return metadata


def create_checkout_session(
    order: PayableOrder,
    *,
    success_url: str,
    cancel_url: str,
    locale: str = "auto",
    expires_at: datetime | None = None,
) -> dict[str, Any]:
    """A hosted Checkout page for one payment of the order's amount (closing at
    ``expires_at`` if given, else Stripe's default of 24 hours)."""
    metadata = order_metadata(order)
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": order.currency.lower(),
                    "unit_amount": order.amount_minor,
                    "product_data": {"name": order.course_title},
                },
            }
        ],
        "client_reference_id": str(order.pk),
        "metadata": metadata,
        # Copied to the payment, so a refund made in Stripe's dashboard finds its order.
        "payment_intent_data": {"metadata": metadata},
        "customer_email": order.email,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": locale,
    }
    if expires_at is not None:
        params["expires_at"] = int(expires_at.timestamp())
    # The key names the order and what is asked: simultaneous "Buy" requests for one order
    # get the one session Stripe made for the first (Stripe refuses a key reused with other
    # parameters, so a request in another language asks on its own key).
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
    return _call(
        "checkout",
        _client().v1.checkout.sessions.create,
        params,
        options={"idempotency_key": f"checkout-{order.pk}-{digest}"},
    )


def expire_checkout_session(session_id: str) -> dict[str, Any]:
    """Close a Checkout page nobody should pay any more (Stripe refuses once it is paid)."""
    return _call("session expiry", _client().v1.checkout.sessions.expire, session_id)


def retrieve_checkout_session(session_id: str) -> dict[str, Any]:
    return _call("session lookup", _client().v1.checkout.sessions.retrieve, session_id)


def create_refund(
    order: PayableOrder, *, amount: Decimal | None = None, key: str = ""
) -> dict[str, Any]:
    """Refund the order's payment: the whole of it (no amount), or ``amount`` of it."""
    params: dict[str, Any] = {"payment_intent": order.payment_id, "metadata": order_metadata(order)}
    if amount is not None and amount != order.amount:
        params["amount"] = int((amount * 100).to_integral_value())
    return _call(
        "refund",
        _client().v1.refunds.create,
        params,
        options={"idempotency_key": key or f"refund-{order.pk}"},
    )


def _signed_at(header: str) -> int:
    """The header's t= value, read the way Stripe's library reads it (its first t=)."""
    for item in header.split(","):
        key, _sep, value = item.partition("=")
        if key == "t":
            return int(value)
    raise ValueError("no timestamp")


def verify_webhook(payload: bytes, signature: str) -> Any:
    """The parsed body, once its Stripe-Signature header proves Stripe sent this very body
    within the tolerance of now (stamped too long ago: a replay; too far ahead: a forged clock).

    A bad signature or timestamp is a WebhookError; a signed body that is not JSON is a
    MalformedEvent. The body's shape is the caller's to check (events.py).
    """
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, webhook_secret(), SIGNATURE_TOLERANCE_SECONDS
        )
        signed_at = _signed_at(signature)
    except (stripe.SignatureVerificationError, ValueError) as error:
        logger.warning("Rejected a Stripe webhook: %s", error)
        raise WebhookError from error
    if signed_at > time.time() + SIGNATURE_TOLERANCE_SECONDS:
        logger.warning("Rejected a Stripe webhook stamped in the future: t=%s", signed_at)
        raise WebhookError
    try:
        return json.loads(payload)
    except (ValueError, RecursionError) as error:  # RecursionError: nested thousands deep
        raise MalformedEvent("the body is not JSON") from error


def _money(minor: Any) -> D | None:
    return D(minor) / 100 if isinstance(minor, int) else None


def session_status(session: dict[str, Any]) -> PaymentStatus:
    """What a Checkout session says about its payment (fetched, or in a signed event)."""
    if session.get("payment_status") == "paid":
        state = State.PAID
    elif session.get("status") == "expired":
        state = State.FAILED
    else:
        state = State.PENDING
    metadata = session.get("metadata") or {}
    reference = session.get("client_reference_id") or metadata.get("order_id")
    return PaymentStatus(
        checkout_id=str(session.get("id") or ""),
        state=state,
        payment_id=str(session.get("payment_intent") or ""),
        amount=_money(session.get("amount_total")),
        currency=str(session.get("currency") or "").upper(),
        order_id=int(reference) if isinstance(reference, str) and reference.isdigit() else None,
    )


class StripeGateway(Gateway):
    name = "stripe"
    label = _("Card (Stripe)")
    currencies = frozenset({"RUB", "USD", "EUR"})
    return_query = "session_id={CHECKOUT_SESSION_ID}"

    def is_configured(self) -> bool:
        return is_configured()

    def create_checkout(
        self,
        order: PayableOrder,
        *,
        return_url: str,
        cancel_url: str,
        locale: str,
        expires_at: datetime | None = None,
    ) -> Checkout:
        session = create_checkout_session(
            order,
            success_url=return_url,
            cancel_url=cancel_url,
            locale=locale if locale in {"ru", "en"} else "auto",
            expires_at=expires_at,
        )
        expires = session.get("expires_at")
        return Checkout(
            checkout_id=session["id"],
            url=session.get("url") or "",
            expires_at=datetime.fromtimestamp(expires, tz=UTC) if expires else None,
        )

    def fetch(self, order: PayableOrder) -> PaymentStatus:
        return session_status(retrieve_checkout_session(order.checkout_id))

    def refund(self, order: PayableOrder, amount: Decimal, *, key: str) -> RefundResult:
        refund = create_refund(order, amount=amount, key=key)
        state = {"succeeded": State.PAID, "failed": State.FAILED, "canceled": State.FAILED}
        return RefundResult(
            refund_id=str(refund.get("id") or ""),
            state=state.get(refund.get("status"), State.PENDING),
            amount=_money(refund.get("amount")) or amount,
        )

    def close_checkout(self, order: PayableOrder) -> None:
        expire_checkout_session(order.checkout_id)

    def read_notification(
        self, body: bytes, headers: Mapping[str, str], remote_addr: str
    ) -> Notice:
        """A signed event (any sender: the signature is the proof); its session's state is
        the status, so nothing is fetched back."""
        data = verify_webhook(body, headers.get("Stripe-Signature", ""))
        try:
            event = events.parse_event(data)
        except MalformedEvent as error:
            error.data = data
            raise
        obj = event["data"]["object"]
        is_session = event["type"] in events.SESSION_TYPES
        return Notice(
            key=event["id"],
            event=event["type"],
            checkout_id=obj.get("id", "") if is_session else "",
            payment_id=str(obj.get("payment_intent") or ""),
            status=session_status(obj) if is_session else None,
            extra={"event": event},
        )
