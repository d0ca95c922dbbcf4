"""PayPal behind the gateway interface (base.py), through PayPal's server SDK (Orders v2).

The buyer approves a PayPal order on PayPal's page and comes back; the money is taken only
when we capture the approved order (``confirm`` or ``capture``). Every call that could
charge or refund carries a PayPal-Request-Id derived from the order, so a retry, a double
click or two processes racing never charge or refund twice.

Configured by settings: PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID and
PAYPAL_API_BASE (live, the sandbox, or a local stand-in in tests; the SDK's code runs
unchanged). Webhooks are checked by PayPal itself (verify-webhook-signature), which the SDK
does not cover: that one call is made with ``requests`` and the SDK's OAuth token.

Any failure to reach or use PayPal is a GatewayError (errors.py); the caller decides what
the person sees.

The package: ``settings`` (the configuration readers), ``client`` (the SDK client, its kept
OAuth token, one call and its errors), ``orders`` (create, read, capture, refund),
``statuses`` (PayPal's answers as PaymentStatus and RefundResult), ``webhooks`` (events, their
verification, what they are about); here, the gateway that puts them together.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from paypalserversdk.exceptions.api_exception import ApiException

from ...errors import GatewayError, WebhooksNotConfigured
from ..base import Checkout, Gateway, Notice, PayableOrder, PaymentStatus, RefundResult
from .client import _issue
from .orders import NOT_CAPTURABLE, capture_order, create_order, get_order, refund_capture
from .settings import is_configured, webhook_id
from .statuses import _link, order_status, refund_result
from .webhooks import _transmission, notice_for, parse_event, verify_event

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

__all__ = ["PayPalGateway"]


class PayPalGateway(Gateway):
    name = "paypal"
    label = _("PayPal")
    currencies = frozenset({"USD", "EUR"})

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
        """A PayPal order to approve. PayPal takes no closing time for it (an unapproved
        order lapses on its own), so ``expires_at`` is not sent and none is returned."""
        data = create_order(order, return_url=return_url, cancel_url=cancel_url, locale=locale)
        url = _link(data, "payer-action", "approve")
        if not data.get("id") or not url:
            raise GatewayError("PayPal order creation: no order id or approval link")
        return Checkout(checkout_id=str(data["id"]), url=url, expires_at=None)

    def fetch(self, order: PayableOrder) -> PaymentStatus:
        return order_status(get_order(order.checkout_id))

    def confirm(self, order: PayableOrder) -> PaymentStatus:
        """The buyer came back from PayPal: capture the order they approved."""
        return self.capture(order)

    def capture(self, order: PayableOrder) -> PaymentStatus:
        """Capture the approved order, once: an order captured already, or not approved
        (the buyer cancelled, or came back by hand), answers with its state as it is."""
        if not order.checkout_id:
            raise GatewayError("The order has no PayPal order id")
        try:
            return order_status(capture_order(order))
        except GatewayError as error:
            cause = error.__cause__
            if isinstance(cause, ApiException) and _issue(cause) in NOT_CAPTURABLE:
                return self.fetch(order)
            raise

    def refund(self, order: PayableOrder, amount: Decimal, *, key: str) -> RefundResult:
        if not order.payment_id:
            raise GatewayError("The order has no PayPal capture to refund")
        return refund_result(refund_capture(order, amount, key), amount)

    def read_notification(
        self, body: bytes, headers: Mapping[str, str], remote_addr: str
    ) -> Notice:
        """An event PayPal confirms it sent (any sender address: PayPal's answer is the
        proof). It says which order to look at; the services fetch its status back."""
        if not webhook_id():
            raise WebhooksNotConfigured("PayPal webhooks are not configured.")
        transmission = _transmission(headers)
        event = parse_event(body)
        verify_event(body, transmission)
        return notice_for(event)
