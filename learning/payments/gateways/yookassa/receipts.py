"""54-FZ receipts at YooKassa: the receipt object sent with a payment or a refund (one item,
the course, with the fields settings.py checked) and the fiscal receipts YooKassa's cash
register registered, read back from its API as base.Receipt values.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ..base import PayableOrder, ReceiptStatus
from ..base import Receipt as FiscalReceipt
from .client import _call, _Receipt
from .settings import receipt_settings

DESCRIPTION_MAX = 128  # YooKassa's limit for a payment's and a receipt item's description

RECEIPT_STATES = {
    "pending": ReceiptStatus.PENDING,
    "succeeded": ReceiptStatus.SUCCEEDED,
    "canceled": ReceiptStatus.CANCELED,
}


def _money(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(Decimal("0.01")))


def receipt_for(order: PayableOrder, amount: Decimal) -> dict[str, Any]:
    """The 54-FZ receipt YooKassa's cash register prints: one item, the course, for
    ``amount`` (the payment's, or a refund's). The buyer gets it by e-mail."""
    fields = receipt_settings()
    receipt: dict[str, Any] = {
        "customer": {"email": order.email},
        "items": [
            {
                "description": (order.course_title or str(order.pk))[:DESCRIPTION_MAX],
                "quantity": "1.00",
                "amount": {"value": _money(amount), "currency": order.currency},
                "vat_code": fields["vat_code"],
                "payment_subject": fields["payment_subject"],
                "payment_mode": fields["payment_mode"],
                # Tag 2108, required by FFD 1.2 registers (YooKassa's own among them).
                "measure": "piece",
            }
        ],
    }
    if fields["tax_system_code"]:
        receipt["tax_system_code"] = fields["tax_system_code"]
    return receipt


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def fiscal_receipt(receipt: Any) -> FiscalReceipt:
    return FiscalReceipt(
        receipt_id=str(receipt.id or ""),
        status=RECEIPT_STATES.get(receipt.status, ReceiptStatus.PENDING),
        kind="refund" if receipt.type == "refund" else "payment",
        fiscal_document_number=str(receipt.fiscal_document_number or ""),
        fiscal_storage_number=str(receipt.fiscal_storage_number or ""),
        fiscal_attribute=str(receipt.fiscal_attribute or ""),
        registered_at=_when(receipt.registered_at),
    )


def list_receipts(**where: str) -> tuple[FiscalReceipt, ...]:
    """The fiscal receipts of a payment (its own and its refunds') or of one refund."""
    answer = _call("receipt list", _Receipt.list, where)
    return tuple(fiscal_receipt(item) for item in answer.items or ())
