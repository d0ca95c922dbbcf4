"""What PayPal's answers say, in the gateway interface's terms.

An order (Orders v2 JSON, with its capture and refunds) becomes a PaymentStatus
(``order_status``), a refund a RefundResult (``refund_result``). With them, the careful
readers of PayPal's JSON the webhooks share: a field that must be an object or a list of
objects, a Money value, our order's id in a reference, a HATEOAS link by its rel.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..base import PaymentStatus, RefundResult, State

REFUND_STATES = {
    "COMPLETED": State.PAID,
    "PENDING": State.PENDING,
    "FAILED": State.FAILED,
    "CANCELLED": State.FAILED,
}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _money(value: Any) -> Decimal | None:
    """A Money object's value ({"currency_code": "USD", "value": "12.50"})."""
    try:
        amount = Decimal(str(_dict(value).get("value")))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _order_id(reference: Any) -> int | None:
    return int(reference) if isinstance(reference, str) and reference.isdigit() else None


def _link(resource: dict[str, Any], *rels: str) -> str:
    links = [link for link in resource.get("links") or () if isinstance(link, dict)]
    for rel in rels:
        for link in links:
            if link.get("rel") == rel and isinstance(link.get("href"), str):
                return link["href"]
    return ""


def order_status(data: dict[str, Any]) -> PaymentStatus:
    """What a PayPal order (Orders v2 JSON) says about its payment.

    Created, saved or waiting for the payer: pending. Approved by the payer: authorized (we
    capture it). Completed: its capture decides: completed (refunded or not) is paid; pending
    (an eCheck) is pending; declined or failed took nothing. Voided: failed.
    """
    units = _dicts(data.get("purchase_units"))
    unit = units[0] if units else {}
    payments = _dict(unit.get("payments"))
    captures = _dicts(payments.get("captures"))
    refunds = _dicts(payments.get("refunds"))
    capture = captures[0] if captures else {}  # intent CAPTURE: one capture per order
    order_state = data.get("status")
    capture_state = capture.get("status")
    if order_state == "APPROVED":
        state = State.AUTHORIZED
    elif order_state == "VOIDED" or capture_state in {"DECLINED", "FAILED"}:
        state = State.FAILED
    elif order_state == "COMPLETED" and capture_state in {
        "COMPLETED",
        "PARTIALLY_REFUNDED",
        "REFUNDED",
    }:
        state = State.PAID
    else:
        state = State.PENDING
    money = _dict(capture.get("amount") if capture else unit.get("amount"))
    amount = _money(money)
    currency = money.get("currency_code") or ""
    refunded = sum(
        (_money(r.get("amount")) or Decimal(0) for r in refunds if r.get("status") == "COMPLETED"),
        Decimal(0),
    )
    if capture_state == "REFUNDED" and amount is not None and refunded < amount:
        refunded = amount  # refunded in whole, whatever the order's list of refunds shows
    return PaymentStatus(
        checkout_id=str(data.get("id") or ""),
        state=state,
        payment_id=str(capture.get("id") or ""),
        amount=amount,
        currency=str(currency).upper(),
        refunded=refunded,
        refund_ids=tuple(str(r["id"]) for r in refunds if r.get("id")),
        order_id=_order_id(unit.get("custom_id") or capture.get("custom_id")),
    )


def refund_result(refund: dict[str, Any], amount: Decimal) -> RefundResult:
    """A refund PayPal made (or is making) of ``amount``; its own amount if it names one."""
    return RefundResult(
        refund_id=str(refund.get("id") or ""),
        state=REFUND_STATES.get(refund.get("status"), State.PENDING),
        amount=_money(refund.get("amount")) or amount,
    )
