"""The payment gateways, behind one interface (base.py), and which of them may take a payment.

``available_for(currency)``: the configured gateways that take the currency, in the order
``PAYMENT_GATEWAYS`` lists them (the first is the buy button's default). With none, the
course page says payments are not configured.
"""

from __future__ import annotations

from ..app_settings import app_settings
from .base import (
    Checkout,
    Gateway,
    Notice,
    PaymentStatus,
    Receipt,
    ReceiptStatus,
    RefundResult,
    State,
)
from .paypal import PayPalGateway
from .stripe import StripeGateway
from .yookassa import YooKassaGateway

GATEWAYS: dict[str, Gateway] = {
    gateway.name: gateway for gateway in (StripeGateway(), YooKassaGateway(), PayPalGateway())
}


def get(name: str) -> Gateway:
    """The gateway by its stored name (KeyError for an unknown one)."""
    return GATEWAYS[name]


def ordered() -> list[Gateway]:
    """Every gateway, in the configured order of preference (unlisted ones last)."""
    wanted = [name.strip() for name in app_settings.PAYMENT_GATEWAYS.split(",") if name.strip()]
    rank = {name: index for index, name in enumerate(wanted)}
    return sorted(GATEWAYS.values(), key=lambda gateway: rank.get(gateway.name, len(rank)))


def available_for(currency: str) -> list[Gateway]:
    """The configured gateways that take this currency, preferred first."""
    return [g for g in ordered() if g.takes(currency) and g.is_configured()]


def any_configured() -> bool:
    return any(gateway.is_configured() for gateway in GATEWAYS.values())


__all__ = [
    "GATEWAYS",
    "Checkout",
    "Gateway",
    "Notice",
    "PaymentStatus",
    "Receipt",
    "ReceiptStatus",
    "RefundResult",
    "State",
    "available_for",
    "any_configured",
    "get",
    "ordered",
]
