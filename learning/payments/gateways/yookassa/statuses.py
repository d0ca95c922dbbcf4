"""YooKassa's answers read as the gateway interface's values: a payment fetched from the API
as a PaymentStatus (its state, amounts, refunds and, once the money is taken, its fiscal
receipts), the state maps for payments and refunds, and the ids of a payment's refunds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ... import events
from ...app_settings import app_settings
from ..base import PaymentStatus, State
from .client import _call, _Refund
from .receipts import list_receipts

STATES = {
    "pending": State.PENDING,
    "waiting_for_capture": State.AUTHORIZED,
    "succeeded": State.PAID,
    "canceled": State.FAILED,
}
REFUND_STATES = {"succeeded": State.PAID, "pending": State.PENDING, "canceled": State.FAILED}


def _decimal(amount: Any) -> Decimal | None:
    value = getattr(amount, "value", None)
    return Decimal(value) if value is not None else None


def list_refund_ids(payment_id: str) -> tuple[str, ...]:
    answer = _call("refund list", _Refund.list, {"payment_id": payment_id})
    # YooKassa lists newest first; made in the same millisecond, they keep that order reversed.
    oldest_first = list(answer.items or ())[::-1]
    refunds = sorted(oldest_first, key=lambda refund: refund.created_at or "")
    return tuple(str(refund.id) for refund in refunds)


def payment_status(payment: Any) -> PaymentStatus:
    """What a payment fetched from the API says (never one read from a notification)."""
    payment_id = str(payment.id or "")
    refunded = _decimal(payment.refunded_amount) or Decimal(0)
    # A receipt is registered when the money is taken (at capture, for a held payment).
    with_receipts = app_settings.YOOKASSA_RECEIPTS and payment.status == "succeeded"
    metadata = payment.metadata if isinstance(payment.metadata, dict) else {}
    return PaymentStatus(
        checkout_id=payment_id,
        state=STATES.get(payment.status, State.PENDING),
        payment_id=payment_id,
        amount=_decimal(payment.amount),
        currency=str(getattr(payment.amount, "currency", "") or "").upper(),
        refunded=refunded,
        refund_ids=list_refund_ids(payment_id) if refunded > 0 else (),
        order_id=events.order_id(metadata.get("order_id")),
        receipts=list_receipts(payment_id=payment_id) if with_receipts else (),
    )
