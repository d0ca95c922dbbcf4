"""Buying a course: orders, Stripe Checkout, its webhooks and refunds.

The flow: start_checkout() writes a pending Order and asks Stripe for a hosted Checkout
page; the learner pays there; Stripe comes back twice, in any order and possibly more than
once: the learner's browser returns to the success page, and a signed webhook arrives.
Both call fulfil_checkout(), which marks the order paid and grants the course exactly once
(the order row is locked; enrollment.grant is idempotent and backed by a unique constraint).

Remote calls are never made while a database lock is held: read, call Stripe, then lock,
re-check and record.

Order states: pending → paid → refunded, pending → failed. A late "expired" never
downgrades a paid order; a payment confirmed after its refund (events out of order) ends
refunded, without access; a paid event after a failed one wins (the money was taken).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.services import require_verified_email
from courses.models import CoursePage
from courses.services import has_course_access
from learning.enrollment.models import Enrollment
from learning.enrollment.services import grant, revoke

from . import gateway
from .errors import (
    CheckoutRefused,
    PaymentError,
    PaymentServiceUnavailable,
    PaymentsNotConfigured,
    RefundRefused,
)
from .models import Order, StripeEvent
from .permissions import require_refund

logger = logging.getLogger(__name__)

# Stripe's own placeholder, filled in on its side; ours is filled in here, once the order exists.
SESSION_ID_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"
ORDER_ID_PLACEHOLDER = "{ORDER_ID}"
# A pending order's checkout page is offered again (no second order, no double payment)
# while it has at least this long to live.
REUSE_MARGIN = timedelta(minutes=10)


def payments_configured() -> bool:
    """Whether paid courses can be bought here (Stripe keys are set)."""
    return gateway.is_configured()


# ---------------------------------------------------------------------------------------------
# Starting a purchase


def return_urls(request: HttpRequest) -> tuple[str, str]:
    """Where Stripe sends the buyer back: the success page and the order's cancel page."""
    success = request.build_absolute_uri(reverse("payments:success"))
    # The order does not exist yet: reverse with a stand-in id, then put the placeholder there.
    head, _sep, tail = request.build_absolute_uri(
        reverse("payments:cancel", kwargs={"order_id": 0})
    ).rpartition("/0/")
    return f"{success}?session_id={SESSION_ID_PLACEHOLDER}", f"{head}/{ORDER_ID_PLACEHOLDER}/{tail}"


def check_can_buy(user, course: CoursePage) -> None:
    """Raise the reason this person cannot buy this course now (nothing is written)."""
    if not payments_configured():
        raise PaymentsNotConfigured
    if not (user and user.is_authenticated):
        raise CheckoutRefused(_("Sign in to buy the course."))
    if not course.live or course.is_archived:
        raise CheckoutRefused(_("This course is not on sale."))
    if course.is_free:
        raise CheckoutRefused(_("This course is free: enrol without paying."))
    if has_course_access(user, course):
        raise CheckoutRefused(_("You already have access to this course."))
    require_verified_email(user)  # EmailNotVerified (accounts): the API answers 403


def _stripe_locale() -> str:
    language = (translation.get_language() or "")[:2]
    return language if language in {"ru", "en"} else "auto"


def _reusable_order(user, course: CoursePage) -> Order | None:
    """An open checkout for the same course and price, so two tabs cannot pay twice."""
    return (
        Order.objects.filter(
            user=user,
            course=course,
            status=Order.Status.PENDING,
            amount=course.price,
            currency=course.currency,
            checkout_expires_at__gt=timezone.now() + REUSE_MARGIN,
        )
        .exclude(checkout_url="")
        .order_by("-created_at")
        .first()
    )


def start_checkout(
    user, course: CoursePage, success_url: str, cancel_url: str
) -> tuple[Order, str]:
    """Create a pending order at the course's current price and its Stripe Checkout page.

    Returns (order, checkout_url). success_url should carry Stripe's {CHECKOUT_SESSION_ID};
    {ORDER_ID} in either URL becomes the order's id. Raises PaymentError (with a message for
    the person) or accounts' EmailNotVerified.
    """
    check_can_buy(user, course)
    existing = _reusable_order(user, course)
    if existing is not None:
        return existing, existing.checkout_url

    order = Order.objects.create(
        user=user,
        email=user.email,
        course=course,
        course_title=course.title,
        amount=course.price,
        currency=course.currency,
    )
    try:
        session = gateway.create_checkout_session(
            order,
            success_url=success_url.replace(ORDER_ID_PLACEHOLDER, str(order.pk)),
            cancel_url=cancel_url.replace(ORDER_ID_PLACEHOLDER, str(order.pk)),
            locale=_stripe_locale(),
        )
    except gateway.GatewayError as error:
        Order.objects.filter(pk=order.pk).update(
            status=Order.Status.FAILED, failed_at=timezone.now()
        )
        raise PaymentServiceUnavailable from error

    expires = session.get("expires_at")
    order.stripe_checkout_session_id = session["id"]
    order.checkout_url = session.get("url") or ""
    order.checkout_expires_at = datetime.fromtimestamp(expires, tz=UTC) if expires else None
    order.save(update_fields=["stripe_checkout_session_id", "checkout_url", "checkout_expires_at"])
    if not order.checkout_url:
        raise PaymentServiceUnavailable
    return order, order.checkout_url


# ---------------------------------------------------------------------------------------------
# State changes, each under the order's row lock


def _locked_order_for_session(session: dict[str, Any]) -> Order | None:
    orders = Order.objects.select_for_update()
    order = orders.filter(stripe_checkout_session_id=session["id"]).first()
    if order is None:
        # The session was made but its id not yet saved (a crash in between): our own
        # order id travels with it.
        reference = str(session.get("client_reference_id") or "")
        if reference.isdigit():
            order = orders.filter(pk=int(reference), stripe_checkout_session_id="").first()
    return order


def _refund_already_seen(payment_intent: str) -> bool:
    return bool(payment_intent) and (
        StripeEvent.objects.filter(type="charge.refunded", payment_intent=payment_intent).exists()
    )


def _mark_paid(order: Order, session: dict[str, Any]) -> Order:
    """The order is paid (its row locked): grant the course, unless it was refunded already."""
    now = timezone.now()
    order.status = Order.Status.PAID
    order.paid_at = order.paid_at or now
    order.stripe_payment_intent_id = session.get("payment_intent") or order.stripe_payment_intent_id
    if _refund_already_seen(order.stripe_payment_intent_id):
        order.status = Order.Status.REFUNDED
        order.refunded_at = now
    elif order.user is not None and order.course is not None:
        enrollment, created = grant(order.user, order.course, Enrollment.Source.PURCHASE)
        if created:  # an enrollment the person already had is not this payment's to revoke
            order.enrollment = enrollment
    else:
        logger.error("Order %s is paid but its learner or course is gone", order.pk)
    order.save()
    return order


def _mark_refunded(order: Order, *, by=None, refund_id: str = "") -> Order:
    """The money went back (its row locked): close the access this payment gave."""
    if order.status != Order.Status.REFUNDED:
        order.status = Order.Status.REFUNDED
        order.refunded_at = timezone.now()
        if order.enrollment is not None and order.enrollment.is_open:
            revoke(order.enrollment, status=Enrollment.Status.REFUNDED)
    order.refunded_by = order.refunded_by or by
    order.stripe_refund_id = order.stripe_refund_id or refund_id
    order.save()
    return order


def _mark_failed(order: Order) -> Order:
    """Checkout expired or the payment failed: only a pending order changes."""
    if order.status == Order.Status.PENDING:
        order.status = Order.Status.FAILED
        order.failed_at = timezone.now()
        order.save(update_fields=["status", "failed_at"])
    return order


def _apply_session(session: dict[str, Any]) -> Order | None:
    with transaction.atomic():
        order = _locked_order_for_session(session)
        if order is None:
            return None
        if session.get("payment_status") != "paid":
            return order
        if order.status in (Order.Status.PAID, Order.Status.REFUNDED):
            return order  # done before: the webhook and the success page both come here
        return _mark_paid(order, session)


def fulfil_checkout(session_id: str, session: dict[str, Any] | None = None) -> Order | None:
    """Mark the order of a Checkout session paid and give the course, if Stripe says paid.

    The success page passes only the id: the session is fetched from Stripe here, on the
    server, never trusted from the browser. The webhook passes the session from its verified
    event. Safe to call twice or concurrently. Returns the order (None if it is not ours).
    """
    if session is None:
        try:
            session = gateway.retrieve_checkout_session(session_id)
        except gateway.GatewayError as error:
            raise PaymentServiceUnavailable from error
    if session.get("id") != session_id:
        raise PaymentError
    return _apply_session(session)


# ---------------------------------------------------------------------------------------------
# Refunds


def refund_order(order: Order, by) -> Order:
    """Give the whole payment back through Stripe, mark the order refunded, close access.

    Stripe's charge.refunded webhook arriving afterwards finds the order refunded: a no-op.
    """
    require_refund(by)
    if not payments_configured():
        raise PaymentsNotConfigured(_("Online payment is not configured: nothing to refund."))
    order.refresh_from_db()
    if order.status == Order.Status.REFUNDED:
        return order
    if not order.can_be_refunded:
        raise RefundRefused(_("Only paid orders can be refunded."))
    try:
        refund = gateway.create_refund(order)  # outside any lock; the idempotency key guards it
    except gateway.GatewayError as error:
        raise PaymentServiceUnavailable(
            _("Stripe did not accept the refund: %(reason)s") % {"reason": error}
        ) from error
    if refund.get("status") in ("failed", "canceled"):
        raise RefundRefused(_("Stripe could not make the refund (status: %(status)s).") % refund)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        _mark_refunded(locked, by=by, refund_id=refund.get("id", ""))
    order.refresh_from_db()
    logger.info("Order %s refunded by %s", order.pk, by.pk)
    return order


# ---------------------------------------------------------------------------------------------
# Webhooks


def _session_event(event: dict[str, Any]) -> Order | None:
    session = event["data"]["object"]
    if event["type"] in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        # completed with payment_status "unpaid" (a delayed method): wait for the async event
        return fulfil_checkout(session["id"], session)
    with transaction.atomic():
        order = _locked_order_for_session(session)
        return _mark_failed(order) if order is not None else None


def _charge_refunded(event: dict[str, Any], record: StripeEvent) -> Order | None:
    charge = event["data"]["object"]
    if not charge.get("refunded"):
        return None  # a partial refund: access stays; staff decide
    payment_intent = charge.get("payment_intent") or ""
    record.payment_intent = payment_intent  # remembered for a payment confirmed later
    orders = Order.objects.select_for_update()
    order = (
        orders.filter(stripe_payment_intent_id=payment_intent).first() if payment_intent else None
    )
    reference = str((charge.get("metadata") or {}).get("order_id", ""))
    if order is None and reference.isdigit():
        order = orders.filter(pk=int(reference)).first()
    if order is None:
        return None
    if payment_intent and not order.stripe_payment_intent_id:
        order.stripe_payment_intent_id = payment_intent
    return _mark_refunded(order, refund_id=_last_refund_id(charge))


def _last_refund_id(charge: dict[str, Any]) -> str:
    refunds = (charge.get("refunds") or {}).get("data") or []
    return str(refunds[0].get("id", "")) if refunds else ""


HANDLERS: dict[str, Callable[[dict[str, Any], StripeEvent], Order | None]] = {
    "checkout.session.completed": lambda event, record: _session_event(event),
    "checkout.session.async_payment_succeeded": lambda event, record: _session_event(event),
    "checkout.session.async_payment_failed": lambda event, record: _session_event(event),
    "checkout.session.expired": lambda event, record: _session_event(event),
    "charge.refunded": _charge_refunded,
}


def handle_event(event: dict[str, Any]) -> bool:
    """Apply a verified Stripe event once. Returns False for a repeated delivery.

    All in one transaction: the event's row, the order and the enrollment change together,
    or (on an error) not at all and Stripe delivers the event again.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(event_id=event["id"], type=event["type"])
        except IntegrityError:
            return False  # stored already (or being stored by a concurrent delivery)
        handler = HANDLERS.get(event["type"])
        order = handler(event, record) if handler else None
        record.order = order
        record.processed_at = timezone.now()
        record.save(update_fields=["order", "payment_intent", "processed_at"])
    return True


# ---------------------------------------------------------------------------------------------
# Reading


def orders_of(user) -> QuerySet[Order]:
    return Order.objects.filter(user=user).order_by("-created_at", "-pk")


def paid_totals(orders: QuerySet[Order]) -> list[dict[str, Any]]:
    """Paid money per currency: [{"currency": "RUB", "total": Decimal, "count": n}, ...]."""
    return list(
        orders.filter(status=Order.Status.PAID)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("currency")
    )
