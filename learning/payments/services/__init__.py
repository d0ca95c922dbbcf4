"""Buying a course: orders, the gateways' payment pages (Stripe, YooKassa, PayPal), their
notifications, refunds and receipts.

The flow: start_checkout() keeps one pending Order per learner and course and asks the
chosen gateway for its payment page; the learner pays there; the gateway comes back twice,
in any order and possibly more than once: the learner's browser returns to the success page,
and a notification arrives (the daily reconciliation asks too, for orders pending too long).
Every path ends in apply_status(), which marks the order paid and grants the course exactly
once (the order row is locked; enrollment.grant is idempotent and backed by a unique
constraint). A payment for a course the learner already has is given back.

Remote calls are never made while a database lock is held: read, call the gateway, then
lock, re-check and record.

Order states: pending → paid → refunded, pending → failed, pending → cancelled (a newer
checkout replaced it). A late "expired" never downgrades a paid order; a refund seen before
its payment wins (the order ends refunded, without access); a paid event after a failed or
cancelled one wins (the money was taken).

Modules: ``checkout`` (starting a purchase), ``fulfilment`` (what a gateway says, recorded
once for every gateway), ``refunds`` (staff's, partial and automatic refunds), ``receipts``
(fiscal receipts), ``webhooks`` (Stripe's signed events), ``notifications`` (the other
gateways' deliveries, acted on through the status fetched back), ``reconciliation`` (the
daily sweep that heals missed notifications), ``reading``.
"""

from ..errors import (
    CheckoutRefused,
    PaymentError,
    PaymentServiceUnavailable,
    PaymentsNotConfigured,
    RefundRefused,
)
from .checkout import (
    check_can_buy,
    choose_gateway,
    close_checkout,
    create_order,
    gateways_for,
    open_checkout_page,
    payments_configured,
    return_urls,
    start_checkout,
)
from .fulfilment import apply_status, confirm_order, fulfil_checkout
from .notifications import receive_notification, refresh
from .reading import orders_of, paid_totals
from .reconciliation import reconcile
from .refunds import (
    refund_due,
    refund_due_after_commit,
    refund_due_duplicates,
    refund_duplicate,
    refund_order,
)
from .webhooks import handle_event, receive_webhook

__all__ = [
    "CheckoutRefused",
    "PaymentError",
    "PaymentServiceUnavailable",
    "PaymentsNotConfigured",
    "RefundRefused",
    "apply_status",
    "check_can_buy",
    "choose_gateway",
    "confirm_order",
    "gateways_for",
    "receive_notification",
    "reconcile",
    "refresh",
    "close_checkout",
    "create_order",
    "open_checkout_page",
    "refund_due",
    "refund_due_after_commit",
    "fulfil_checkout",
    "handle_event",
    "orders_of",
    "paid_totals",
    "payments_configured",
    "receive_webhook",
    "refund_due_duplicates",
    "refund_duplicate",
    "refund_order",
    "return_urls",
    "start_checkout",
]
