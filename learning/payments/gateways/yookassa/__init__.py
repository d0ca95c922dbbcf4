"""YooKassa (ЮKassa) behind the gateway interface (base.py), through the official `yookassa` SDK.

Configured by settings (app_settings.py): YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY (Basic
auth), YOOKASSA_API_BASE (tests point it at a local stand-in), YOOKASSA_TWO_STAGE (hold the
money, capture() takes it), the 54-FZ receipt's fields (YOOKASSA_RECEIPTS, _TAX_SYSTEM_CODE,
_VAT_CODE, _PAYMENT_SUBJECT, _PAYMENT_MODE) and YOOKASSA_NOTIFICATION_IPS.

One YooKassa payment is both the checkout and the payment: ``checkout_id`` and
``payment_id`` are the same id. Every write carries an Idempotence-Key derived from the order
(and, for a payment, from what is asked), so a retry or two racing processes never charge,
capture or refund twice.

YooKassa's notifications are not signed: one is believed only for where it comes from
(YooKassa's published addresses), and even then only as a hint of which payment to look at;
the services fetch the payment back and act on what the API says.

The package: settings.py (configuration and the receipt fields' check), client.py (the SDK,
thread-safe, and `_call`), receipts.py (the 54-FZ receipt sent and the fiscal receipts read
back), statuses.py (answers as PaymentStatus), notifications.py (sender addresses and
parsing); here, the payment's parameters and the gateway itself.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from ... import events
from ...app_settings import app_settings
from ...errors import GatewayError, WebhookError
from ..base import Checkout, Gateway, Notice, PayableOrder, PaymentStatus, RefundResult, State
from ..base import Receipt as FiscalReceipt
from .client import _call, _Payment, _Refund
from .notifications import REFUND_EVENTS, from_yookassa, parse_notification
from .receipts import DESCRIPTION_MAX, _money, fiscal_receipt, list_receipts, receipt_for
from .settings import is_configured, receipt_settings
from .statuses import REFUND_STATES, _decimal, payment_status

if TYPE_CHECKING:
    from collections.abc import Mapping


logger = logging.getLogger(__name__)

# What code and tests import from here (the gateway; the helpers live in the modules above).
__all__ = [
    "YooKassaGateway",
    "fiscal_receipt",
    "from_yookassa",
    "is_configured",
    "list_receipts",
    "order_metadata",
    "parse_notification",
    "payment_params",
    "payment_status",
    "receipt_for",
    "receipt_settings",
]


# --- Requests --------------------------------------------------------------------------------


def order_metadata(order: PayableOrder) -> dict[str, str]:
    return {
        "order_id": str(order.pk),
        "user_id": str(order.user_id or ""),
        "course_id": str(order.course_id or ""),
        "purpose": order.purpose,
    }


def payment_params(order: PayableOrder, *, return_url: str, locale: str) -> dict[str, Any]:
    params: dict[str, Any] = {
        "amount": {"value": _money(order.amount), "currency": order.currency},
        "confirmation": {
            "type": "redirect",
            "return_url": return_url,
            "locale": "en_US" if locale.lower().startswith("en") else "ru_RU",
        },
        "capture": not app_settings.YOOKASSA_TWO_STAGE,
        "description": f"№{order.pk}: {order.course_title}"[:DESCRIPTION_MAX],
        "metadata": order_metadata(order),
    }
    if app_settings.YOOKASSA_RECEIPTS:
        params["receipt"] = receipt_for(order, order.amount)
    return params


def _checkout_id(order: PayableOrder) -> str:
    if not order.checkout_id:
        raise GatewayError("The order has no YooKassa payment")
    return order.checkout_id


# --- The gateway -----------------------------------------------------------------------------


class YooKassaGateway(Gateway):
    name = "yookassa"
    label = _("Bank card, SBP or YooMoney (YooKassa)")
    currencies = frozenset({"RUB"})

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
        """A payment with a redirect confirmation. YooKassa has only a return_url (the buyer
        comes back there whether they paid or not), so ``cancel_url`` is unused; nor can a
        payment be given an expiry: an unpaid one is cancelled by YooKassa itself."""
        params = payment_params(order, return_url=return_url, locale=locale)
        # The key names the order and what is asked: simultaneous "Buy" requests for one
        # order get the one payment YooKassa made for the first; other parameters (another
        # language, a new price) ask on their own key, as YooKassa refuses a key reused with
        # another body. At most 64 characters.
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
        payment = _call(
            "payment", _Payment.create, params, idempotency_key=f"payment-{order.pk}-{digest}"
        )
        url = getattr(payment.confirmation, "confirmation_url", None)
        if not payment.id or not url:
            raise GatewayError("YooKassa answered without a payment page")
        return Checkout(checkout_id=str(payment.id), url=str(url), expires_at=None)

    def fetch(self, order: PayableOrder) -> PaymentStatus:
        return payment_status(_call("payment lookup", _Payment.find_one, _checkout_id(order)))

    def capture(self, order: PayableOrder) -> PaymentStatus:
        """Take the whole held amount (the receipt sent with the payment is printed now).
        The key names the order and its payment: YooKassa refuses a key reused for another
        request, and an order whose checkout was replaced has another payment."""
        payment_id = _checkout_id(order)
        payment = _call(
            "capture",
            _Payment.capture,
            payment_id,
            idempotency_key=f"capture-{order.pk}-{payment_id}"[:64],
        )
        return payment_status(payment)

    def close_checkout(self, order: PayableOrder) -> None:
        """Release money held for a payment nobody wants any more; a pending payment needs
        nothing (YooKassa cancels it by itself when its page times out)."""
        payment = _call("payment lookup", _Payment.find_one, _checkout_id(order))
        if payment.status == "waiting_for_capture":
            key = f"cancel-{order.pk}-{payment.id}"[:64]
            _call("cancel", _Payment.cancel, payment.id, idempotency_key=key)

    def refund(self, order: PayableOrder, amount: Decimal, *, key: str) -> RefundResult:
        """A refund of ``amount`` with its refund receipt (54-FZ wants one for every refund)."""
        if not order.payment_id:
            raise GatewayError("The order has no YooKassa payment to refund")
        params: dict[str, Any] = {
            "payment_id": order.payment_id,
            "amount": {"value": _money(amount), "currency": order.currency},
        }
        if app_settings.YOOKASSA_RECEIPTS:
            params["receipt"] = receipt_for(order, amount)
        refund = _call("refund", _Refund.create, params, idempotency_key=key)
        receipts: tuple[FiscalReceipt, ...] = ()
        if app_settings.YOOKASSA_RECEIPTS and refund.receipt_registration and refund.id:
            receipts = list_receipts(refund_id=str(refund.id))
        return RefundResult(
            refund_id=str(refund.id or ""),
            state=REFUND_STATES.get(refund.status, State.PENDING),
            amount=_decimal(refund.amount) or amount,
            receipts=receipts,
        )

    def read_notification(
        self, body: bytes, headers: Mapping[str, str], remote_addr: str
    ) -> Notice:
        """A notification from one of YooKassa's addresses (``remote_addr`` is the client's,
        as core.client_ip worked it out), naming a payment or refund. Its status is not
        believed: the notice carries ids only and the services fetch the payment."""
        if not from_yookassa(remote_addr):
            logger.warning("Rejected a YooKassa notification from %s", remote_addr)
            raise WebhookError
        data = parse_notification(body)
        event = data["event"]
        obj = data["object"]
        metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        if event in REFUND_EVENTS:
            payment_id, refund_id = obj["payment_id"], obj["id"]
        else:
            payment_id, refund_id = obj["id"], ""
        return Notice(
            key=f"{event}:{obj['id']}",
            event=event,
            checkout_id=payment_id,
            payment_id=payment_id,
            refund_id=refund_id,
            order_id=events.order_id(metadata.get("order_id")),
        )
