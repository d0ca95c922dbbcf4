"""The calls that make, read, capture and refund a PayPal order (Orders v2, Payments v2).

The order request built from our order (``order_request``), and one function per call:
``create_order``, ``get_order``, ``capture_order``, ``refund_capture``. Each answers with
PayPal's JSON as a dict; every call that could charge or refund carries a PayPal-Request-Id
derived from the order, so a retry never charges or refunds twice.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from paypalserversdk.api_helper import APIHelper
from paypalserversdk.models.amount_with_breakdown import AmountWithBreakdown
from paypalserversdk.models.checkout_payment_intent import CheckoutPaymentIntent
from paypalserversdk.models.money import Money
from paypalserversdk.models.order_request import OrderRequest
from paypalserversdk.models.payment_source import PaymentSource
from paypalserversdk.models.paypal_experience_user_action import PaypalExperienceUserAction
from paypalserversdk.models.paypal_wallet import PaypalWallet
from paypalserversdk.models.paypal_wallet_context_shipping_preference import (
    PaypalWalletContextShippingPreference,
)
from paypalserversdk.models.paypal_wallet_experience_context import (
    PaypalWalletExperienceContext,
)
from paypalserversdk.models.purchase_unit_request import PurchaseUnitRequest
from paypalserversdk.models.refund_request import RefundRequest

from ...errors import GatewayError
from ..base import PayableOrder
from .client import _call

DESCRIPTION_MAX = 127  # PayPal's limit for a purchase unit's description
# A capture that cannot be made now because of the order's state: its state says what happened.
NOT_CAPTURABLE = frozenset(
    {"ORDER_ALREADY_CAPTURED", "ORDER_NOT_APPROVED", "ORDER_ALREADY_COMPLETED"}
)


def _value(amount: Decimal) -> str:
    """PayPal's amount: a string with the currency's two decimals ("12.50"); orders keep
    two decimals, so nothing is rounded."""
    return f"{amount.quantize(Decimal('0.01')):f}"


def order_request(
    order: PayableOrder, *, return_url: str, cancel_url: str, locale: str
) -> OrderRequest:
    """One purchase unit of the order's amount, paid from a PayPal wallet: the buyer pays
    on PayPal's page ("Pay Now") and nothing is shipped."""
    return OrderRequest(
        intent=CheckoutPaymentIntent.CAPTURE,
        purchase_units=[
            PurchaseUnitRequest(
                amount=AmountWithBreakdown(
                    currency_code=order.currency.upper(), value=_value(order.amount)
                ),
                reference_id=str(order.pk),
                # Copied to the capture and its refunds, so their events find the order.
                custom_id=str(order.pk),
                # PayPal refuses a second completed payment with one invoice id: an order
                # cannot be paid twice through two of its checkouts.
                invoice_id=f"ustat-{order.pk}",
                description=order.course_title[:DESCRIPTION_MAX],
            )
        ],
        payment_source=PaymentSource(
            paypal=PaypalWallet(
                experience_context=PaypalWalletExperienceContext(
                    locale="ru-RU" if locale.startswith("ru") else "en-US",
                    shipping_preference=PaypalWalletContextShippingPreference.NO_SHIPPING,
                    user_action=PaypalExperienceUserAction.PAY_NOW,
                    return_url=return_url,
                    cancel_url=cancel_url,
                )
            )
        ),
    )


def create_order(order: PayableOrder, *, return_url: str, cancel_url: str, locale: str) -> dict:
    body = order_request(order, return_url=return_url, cancel_url=cancel_url, locale=locale)
    # The request id names the order and what is asked: simultaneous "Buy" requests for one
    # order get the one PayPal order made for the first; other parameters (a new price,
    # another language) ask on an id of their own.
    serialized = json.dumps(APIHelper.to_dictionary(body), sort_keys=True)
    digest = hashlib.sha256(serialized.encode()).hexdigest()[:16]
    return _call(
        "order creation",
        lambda client: client.orders.create_order,
        {
            "body": body,
            "paypal_request_id": f"checkout-{order.pk}-{digest}",
            "prefer": "return=representation",
        },
    )


def get_order(checkout_id: str) -> dict:
    if not checkout_id:
        raise GatewayError("The order has no PayPal order id")
    return _call("order lookup", lambda client: client.orders.get_order, {"id": checkout_id})


def capture_order(order: PayableOrder) -> dict:
    """Capture the approved PayPal order. The request id names our order and its PayPal
    order: repeats (a reload of the return page, the webhook racing it) get the first
    capture's answer, and a newer checkout of the same order is captured on its own id."""
    return _call(
        "capture",
        lambda client: client.orders.capture_order,
        {
            "id": order.checkout_id,
            "paypal_request_id": f"capture-{order.pk}-{order.checkout_id}",
            "prefer": "return=representation",
        },
    )


def refund_capture(order: PayableOrder, amount: Decimal, key: str) -> dict:
    return _call(
        "refund",
        lambda client: client.payments.refund_captured_payment,
        {
            "capture_id": order.payment_id,
            "paypal_request_id": key,
            "prefer": "return=representation",
            "body": RefundRequest(
                amount=Money(currency_code=order.currency.upper(), value=_value(amount)),
                custom_id=str(order.pk),
            ),
        },
    )
