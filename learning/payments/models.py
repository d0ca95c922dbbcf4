"""Orders for paid courses and the Stripe events that moved them.

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
    course_title = models.CharField(_("course title"), max_length=255)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    stripe_checkout_session_id = models.CharField(
        _("Stripe checkout session"), max_length=255, blank=True
    )
    stripe_payment_intent_id = models.CharField(
        _("Stripe payment intent"), max_length=255, blank=True, db_index=True
    )
    stripe_refund_id = models.CharField(_("Stripe refund"), max_length=255, blank=True)
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
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refunded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        permissions = [("refund_order", _("Can refund orders"))]
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_checkout_session_id"],
                condition=~Q(stripe_checkout_session_id=""),
                name="one_order_per_checkout_session",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
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
        return self.status == self.Status.PAID and bool(self.stripe_payment_intent_id)


class StripeEvent(models.Model):
    """Every webhook event Stripe sent, stored once by its id: a second delivery is a no-op."""

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    order = models.ForeignKey(
        Order,
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    payment_intent = models.CharField(
        _("payment intent"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_(
            "Set on a full refund, so a payment confirmed after its refund stays refunded."
        ),
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
