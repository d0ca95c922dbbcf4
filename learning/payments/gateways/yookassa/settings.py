"""YooKassa's configuration: the readers of the settings (app_settings.py) the gateway runs on
(YOOKASSA_SHOP_ID, YOOKASSA_SECRET_KEY, YOOKASSA_API_BASE) and the check of the 54-FZ receipt's
fields (YOOKASSA_VAT_CODE, _TAX_SYSTEM_CODE, _PAYMENT_SUBJECT, _PAYMENT_MODE) against what
YooKassa accepts, so a wrong one is refused here rather than sent.
"""

from __future__ import annotations

import re
from typing import Any

from ...app_settings import app_settings
from ...errors import GatewayError

DEFAULT_API_BASE = "https://api.yookassa.ru/v3"

# What YooKassa accepts for the receipt fields (its API reference, "receipt"): VAT codes
# 1 (no VAT) to 12 (22/122, since 2026); tax systems 1-6; the payment modes (tag 1214).
VAT_CODES = frozenset(range(1, 13))
TAX_SYSTEM_CODES = frozenset(range(1, 7))
PAYMENT_MODES = frozenset(
    {
        "full_prepayment",
        "partial_prepayment",
        "advance",
        "full_payment",
        "partial_payment",
        "credit",
        "credit_payment",
    }
)
# Tag 1212 has some thirty values ("service", "commodity", "intellectual_activity", ...) and
# grows with the format; the shape is checked, YooKassa checks the value.
PAYMENT_SUBJECT = re.compile(r"[a-z][a-z_\-]{1,63}")


def shop_id() -> str:
    return str(app_settings.YOOKASSA_SHOP_ID or "")


def secret_key() -> str:
    return app_settings.YOOKASSA_SECRET_KEY or ""


def api_base() -> str:
    return (app_settings.YOOKASSA_API_BASE or DEFAULT_API_BASE).rstrip("/")


def is_configured() -> bool:
    return bool(shop_id() and secret_key())


def receipt_settings() -> dict[str, Any]:
    """The receipt fields from settings, checked (a wrong one is refused here rather than
    sent: a payment YooKassa takes with a wrong VAT code is a wrong tax document)."""
    vat_code = app_settings.YOOKASSA_VAT_CODE
    tax_system = app_settings.YOOKASSA_TAX_SYSTEM_CODE
    subject = app_settings.YOOKASSA_PAYMENT_SUBJECT
    mode = app_settings.YOOKASSA_PAYMENT_MODE
    if vat_code not in VAT_CODES:
        raise GatewayError(f"YOOKASSA_VAT_CODE must be 1-12, not {vat_code!r}")
    if tax_system and tax_system not in TAX_SYSTEM_CODES:
        raise GatewayError(f"YOOKASSA_TAX_SYSTEM_CODE must be 0 or 1-6, not {tax_system!r}")
    if not (isinstance(subject, str) and PAYMENT_SUBJECT.fullmatch(subject)):
        raise GatewayError(f"YOOKASSA_PAYMENT_SUBJECT is not a payment subject: {subject!r}")
    if mode not in PAYMENT_MODES:
        raise GatewayError(f"YOOKASSA_PAYMENT_MODE is not a payment mode: {mode!r}")
    return {
        "vat_code": int(vat_code),
        "tax_system_code": int(tax_system or 0),
        "payment_subject": subject,
        "payment_mode": mode,
    }
