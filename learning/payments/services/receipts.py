"""Fiscal receipts (54-FZ) the gateways' cash registers made: kept per order, as reported.

A gateway reports a payment's receipts with its status (YooKassa registers one for every
payment and refund it was sent with); each is stored once by its id and updated as its
registration goes on (pending → succeeded). The learner's orders show the registered ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..gateways import Receipt
from ..models import FiscalReceipt, Order


def record_receipts(order: Order, receipts: Iterable[Receipt]) -> None:
    """Store or update the order's receipts as the gateway reported them (order row locked)."""
    for receipt in receipts:
        FiscalReceipt.objects.update_or_create(
            gateway=order.gateway,
            receipt_id=receipt.receipt_id,
            defaults={
                "order": order,
                "kind": receipt.kind,
                "status": str(receipt.status),
                "url": receipt.url,
                "fiscal_document_number": receipt.fiscal_document_number,
                "fiscal_storage_number": receipt.fiscal_storage_number,
                "fiscal_attribute": receipt.fiscal_attribute,
                "registered_at": receipt.registered_at,
            },
        )
