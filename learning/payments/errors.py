"""Payments' refusals, in the one family of domain errors (``core.errors``).

Every ``PaymentError`` answers 400 with its ``code`` in the API (as it always has); the
messages are for the buyer or the staff member.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed, Unavailable
from core.errors import WebhookError as CoreWebhookError


class PaymentError(DomainError):
    """A purchase or refund that cannot go ahead; the message is for the person."""

    code = "payment_error"
    status = 400
    default_message = _("The payment could not be processed.")


class PaymentsNotConfigured(PaymentError):
    code = "payments_not_configured"
    default_message = _(
        "Online payment is not configured yet, so this course cannot be bought right now."
    )


class CheckoutRefused(PaymentError):
    code = "checkout_refused"
    default_message = _("This course cannot be bought.")


class PaymentServiceUnavailable(PaymentError):
    code = "payment_service_unavailable"
    default_message = _(
        "The payment service is not available right now. Nothing was charged; "
        "please try again in a few minutes."
    )


class RefundRefused(PaymentError):
    code = "refund_refused"
    default_message = _("This order cannot be refunded.")


class RefundNotAllowed(RefundRefused, NotAllowed):
    """Only staff with the "refund orders" permission give money back (403)."""

    status = 403
    default_message = _("You do not have permission to refund orders.")


class GatewayError(Unavailable):
    """A payment gateway refused the request or could not be reached (services turn it into a
    ``PaymentServiceUnavailable`` for the person)."""

    code = "gateway_error"


class WebhookError(CoreWebhookError):
    """A Stripe webhook whose signature, timestamp or body does not check out (400)."""

    default_message = "Invalid signature or payload."


class MalformedEvent(WebhookError):
    """Signed by Stripe (the signature checks out) but not an event we can use: no id or
    type, no data object, odd values. Answered 400 and stored for inspection."""

    code = "malformed_event"
    default_message = "The event is signed but malformed."

    def __init__(self, reason: str, data: object = None) -> None:
        super().__init__(f"The event is signed but malformed: {reason}.")
        self.reason = reason
        self.data = data  # the parsed body, when it parsed (kept with the rejection)


class WebhooksNotConfigured(Unavailable):
    """No webhook secret: refuse without looking, and Stripe delivers again later (503)."""

    code = "webhooks_not_configured"
    default_message = "Stripe webhooks are not configured."
