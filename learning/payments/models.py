"""Orders and what the payment gateways did with them: refunds, fiscal receipts, the
notifications they sent (gateway-neutral), and Stripe's own event and payment records.

An order keeps what was bought and for how much at the moment of purchase (the course's
title, price and currency may change later; the learner or the course may even be deleted:
the money record stays).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Currency

from .gateways import GATEWAYS

CURRENCY_SYMBOLS = {"RUB": "₽", "USD": "$", "EUR": "€"}


def format_money(amount: Decimal, currency: str) -> str:
    """990 ₽, 12.50 $: kopecks and cents only when there are some."""
    places = 0 if amount == amount.to_integral_value() else 2
    number = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{number} {CURRENCY_SYMBOLS.get(currency, currency)}"


class Order(models.Model):
    class Status(models.TextChoices):
        # With a context: the catalog's "Paid" (courses) is another word in Russian.
        PENDING = "pending", pgettext_lazy("order status", "Pending")
        PAID = "paid", pgettext_lazy("order status", "Paid")
        FAILED = "failed", pgettext_lazy("order status", "Failed")
        REFUNDED = "refunded", pgettext_lazy("order status", "Refunded")
        # Replaced by a newer checkout (a new price, an expiring page) before it was paid.
        CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")

    class RefundReason(models.TextChoices):
        # Refunded by the portal itself: the learner already had the course (two tabs, an
        # old checkout page paid after a newer one).
        DUPLICATE = "duplicate", _("Paid twice: the learner already had the course")
        # What the payment was for is off (a booking declined, lapsed or cancelled; or paid
        # after that): its purpose's handler said so (``learning.payments.purposes``).
        WITHDRAWN = "withdrawn", _("What was paid for did not take place")

    # What an order pays for: a course (the enrollment follows here), or another purpose
    # whose app registered its handlers in ``learning.payments.purposes`` (a booking).
    COURSE = "course"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    email = models.EmailField(_("e-mail"), help_text=_("The buyer's address at purchase time."))
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=32,
        default=COURSE,
        help_text=_("What the order pays for: a course, or a purpose another app registered."),
    )
    course_title = models.CharField(
        _("course title"), max_length=255, help_text=_("What was bought, as the buyer saw it.")
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    gateway = models.CharField(
        _("payment gateway"),
        max_length=16,
        default="stripe",
        help_text=_("Who takes the money: stripe, yookassa or paypal."),
    )
    # The gateway's ids (learning/payments/gateways/base.py): what the buyer is sent to pay
    # (a Stripe Checkout session, a YooKassa payment, a PayPal order) and the money taken
    # (a Stripe payment intent, a YooKassa payment, a PayPal capture).
    checkout_id = models.CharField(_("checkout at the gateway"), max_length=255, blank=True)
    payment_id = models.CharField(
        _("payment at the gateway"), max_length=255, blank=True, db_index=True
    )
    refund_id = models.CharField(_("refund at the gateway"), max_length=255, blank=True)
    refunded_amount = models.DecimalField(
        _("refunded"),
        max_digits=10,
        decimal_places=2,
        default=0,
        help_text=_("Given back so far (a partial refund keeps the order paid)."),
    )
    checkout_url = models.URLField(_("checkout page"), max_length=2000, blank=True)
    checkout_expires_at = models.DateTimeField(_("checkout expires at"), null=True, blank=True)
    enrollment = models.ForeignKey(
        "enrollment.Enrollment",
        verbose_name=_("enrollment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The enrollment this payment created; a refund closes it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    refund_reason = models.CharField(
        _("automatic refund"),
        max_length=16,
        choices=RefundReason.choices,
        blank=True,
        help_text=_(
            "Set when the portal gives this payment back by itself; a paid order with a reason "
            "is waiting for its refund."
        ),
    )
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refunded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("purchase", "order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        permissions = [("refund_order", _("Can refund orders"))]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "checkout_id"],
                condition=~Q(checkout_id=""),
                name="one_order_per_gateway_checkout",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
            # One open checkout per learner and course: simultaneous "Buy" requests share it.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status="pending"),
                name="one_pending_order_per_learner_and_course",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return _("Order %(number)s") % {"number": self.pk}

    @property
    def amount_display(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def amount_minor(self) -> int:
        """The amount in kopecks/cents, as Stripe wants it (RUB, USD, EUR have two decimals)."""
        return int((self.amount * 100).to_integral_value())

    @property
    def can_be_refunded(self) -> bool:
        return self.status == self.Status.PAID and bool(self.payment_id) and self.refundable > 0

    @property
    def gateway_label(self) -> str:
        gateway = GATEWAYS.get(self.gateway)
        return str(gateway.label) if gateway is not None else self.gateway

    @property
    def registered_receipts(self) -> list:
        """Fiscal receipts the gateway registered (prefetch ``receipts`` for lists)."""
        return [r for r in self.receipts.all() if r.status == FiscalReceipt.Status.SUCCEEDED]

    @property
    def refundable(self) -> Decimal:
        """What may still be given back."""
        return self.amount - self.refunded_amount

    @property
    def refunded_amount_display(self) -> str:
        return format_money(self.refunded_amount, self.currency)

    @property
    def is_for_course(self) -> bool:
        return self.purpose == self.COURSE

    @property
    def is_duplicate_payment(self) -> bool:
        """Paid for a course the learner already had: refunded, or about to be."""
        return self.refund_reason == self.RefundReason.DUPLICATE


class Refund(models.Model):
    """Money given back for an order, whole or in part, through the order's gateway."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("refund status", "On its way")
        SUCCEEDED = "succeeded", pgettext_lazy("refund status", "Refunded")
        FAILED = "failed", pgettext_lazy("refund status", "Failed")

    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("purchase", "order"),
        on_delete=models.CASCADE,
        related_name="refunds",
    )
    gateway = models.CharField(_("payment gateway"), max_length=16)
    refund_id = models.CharField(_("refund at the gateway"), max_length=255, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refunded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "refund_id"],
                condition=~Q(refund_id=""),
                name="one_row_per_gateway_refund",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{format_money(self.amount, self.order.currency)} ({self.get_status_display()})"

    @property
    def amount_display(self) -> str:
        return format_money(self.amount, self.order.currency)


class FiscalReceipt(models.Model):
    """A fiscal receipt (54-FZ) the gateway's cash register made for a payment or a refund."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", pgettext_lazy("receipt kind", "Payment")
        REFUND = "refund", pgettext_lazy("receipt kind", "Refund")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("receipt status", "Being registered")
        SUCCEEDED = "succeeded", pgettext_lazy("receipt status", "Registered")
        CANCELED = "canceled", pgettext_lazy("receipt status", "Not registered")

    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("purchase", "order"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    gateway = models.CharField(_("payment gateway"), max_length=16)
    receipt_id = models.CharField(_("receipt at the gateway"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    url = models.URLField(_("receipt page"), max_length=2000, blank=True)
    fiscal_document_number = models.CharField(
        _("fiscal document number"), max_length=64, blank=True
    )
    fiscal_storage_number = models.CharField(_("fiscal storage number"), max_length=64, blank=True)
    fiscal_attribute = models.CharField(_("fiscal attribute"), max_length=64, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("fiscal receipt")
        verbose_name_plural = _("fiscal receipts")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "receipt_id"], name="one_row_per_gateway_receipt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.receipt_id}"


class GatewayNotification(models.Model):
    """A notification a gateway sent (after its check), kept once by its key: a second
    delivery of the same is a no-op. Stripe's events keep their own table (StripeEvent)."""

    gateway = models.CharField(_("payment gateway"), max_length=16)
    key = models.CharField(_("key"), max_length=255)
    event = models.CharField(_("event"), max_length=100)
    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("purchase", "order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("gateway notification")
        verbose_name_plural = _("gateway notifications")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "key"], name="one_row_per_notification")
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event} {self.key}"


class StripeEvent(models.Model):
    """Every webhook event Stripe sent, stored once by its id: a second delivery is a no-op."""

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("purchase", "order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class StripePayment(models.Model):
    """One Stripe payment (a payment intent): the row both of its webhooks lock first.

    A checkout's completion and a full refund of its charge may arrive at the same instant,
    and the refund may not name the order. Both paths lock this row (created on first
    sight) before the order's row, so they run one after the other and the second sees what
    the first wrote: the completion links the order here, the refund marks it refunded.
    """

    payment_intent = models.CharField(_("payment intent"), max_length=255, unique=True)
    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("purchase", "order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    refund_id = models.CharField(_("Stripe refund"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe payment")
        verbose_name_plural = _("Stripe payments")

    def __str__(self) -> str:
        return self.payment_intent


class RejectedWebhook(models.Model):
    """A validly signed Stripe webhook whose body could not be used, kept for inspection.

    Stored once per body (Stripe delivers a refused event again for days): the count and the
    last time say how often it came.
    """

    body_sha256 = models.CharField(_("body SHA-256"), max_length=64, unique=True)
    body = models.TextField(
        _("body"), help_text=_("As received (NUL bytes written as \\u0000; long bodies cut).")
    )
    reason = models.CharField(_("reason"), max_length=255)
    event_id = models.CharField(_("event id"), max_length=255, blank=True)
    event_type = models.CharField(_("event type"), max_length=100, blank=True)
    deliveries = models.PositiveIntegerField(_("deliveries"), default=1)
    received_at = models.DateTimeField(_("first received at"), auto_now_add=True)
    last_received_at = models.DateTimeField(_("last received at"), auto_now=True)

    class Meta:
        verbose_name = _("rejected Stripe webhook")
        verbose_name_plural = _("rejected Stripe webhooks")
        ordering = ["-last_received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event_type or '?'} {self.event_id or ''}".strip()
