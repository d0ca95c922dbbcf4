"""Buying a course: orders, Stripe Checkout, its webhooks and refunds.

The flow: start_checkout() keeps one pending Order per learner and course and asks Stripe
for its hosted Checkout page; the learner pays there; Stripe comes back twice, in any order
and possibly more than once: the learner's browser returns to the success page, and a
signed webhook arrives. Both call fulfil_checkout(), which marks the order paid and grants
the course exactly once (the order row is locked; enrollment.grant is idempotent and backed
by a unique constraint). A payment for a course the learner already has is given back.

Remote calls are never made while a database lock is held: read, call Stripe, then lock,
re-check and record.

Order states: pending → paid → refunded, pending → failed, pending → cancelled (a newer
checkout replaced it). A late "expired" never downgrades a paid order; a refund seen before
its payment wins (the order ends refunded, without access); a paid event after a failed or
cancelled one wins (the money was taken).

Modules: ``checkout`` (starting a purchase), ``fulfilment`` (a paid session),
``refunds`` (staff's and automatic refunds), ``webhooks`` (Stripe's events), ``reading``.
"""

from ..errors import (
    CheckoutRefused,
    PaymentError,
    PaymentServiceUnavailable,
    PaymentsNotConfigured,
    RefundRefused,
)
from .checkout import check_can_buy, payments_configured, return_urls, start_checkout
from .fulfilment import fulfil_checkout
from .reading import orders_of, paid_totals
from .refunds import refund_due_duplicates, refund_duplicate, refund_order
from .webhooks import handle_event, receive_webhook

__all__ = [
    "CheckoutRefused",
    "PaymentError",
    "PaymentServiceUnavailable",
    "PaymentsNotConfigured",
    "RefundRefused",
    "check_can_buy",
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
