"""Starting a purchase: one open order per learner and course, and its Checkout page.

Simultaneous "Buy" requests (two tabs, a double click, the site and the app at once) share
one pending order, a database guarantee (a partial unique constraint: the request that
loses the insert takes the winner's order), and so one Stripe Checkout page: each asks
Stripe with the same idempotency key, derived from the order, and Stripe answers every one
with the session it made for the first.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.services import require_verified_email
from courses.models import CoursePage
from courses.services import has_course_access

from .. import gateway
from ..errors import CheckoutRefused, PaymentServiceUnavailable, PaymentsNotConfigured
from ..models import Order

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


def _still_open(order: Order, course: CoursePage) -> bool:
    """A pending order is offered again at the same price while its page (if made yet)
    lives long enough to be paid."""
    if (order.amount, order.currency) != (course.price, course.currency):
        return False
    if order.checkout_url and order.checkout_expires_at is not None:
        return order.checkout_expires_at > timezone.now() + REUSE_MARGIN
    return True


def _open_order(user, course: CoursePage) -> tuple[Order, str]:
    """The learner's one pending order for the course (made if there is none fit to reuse),
    and the Checkout session of the order it replaced ("" if none), to be closed."""
    with transaction.atomic():
        current = (
            Order.objects.select_for_update()
            .filter(user=user, course=course, status=Order.Status.PENDING)
            .first()
        )
        if current is not None and _still_open(current, course):
            return current, ""
        replaced = ""
        if current is not None:  # a new price, or a page about to close: a new order
            current.status = Order.Status.CANCELLED
            current.cancelled_at = timezone.now()
            current.save(update_fields=["status", "cancelled_at"])
            replaced = current.stripe_checkout_session_id
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    user=user,
                    email=user.email,
                    course=course,
                    course_title=course.title,
                    amount=course.price,
                    currency=course.currency,
                )
        except IntegrityError:
            # A simultaneous request inserted first; ours waited for it to commit.
            order = Order.objects.filter(
                user=user, course=course, status=Order.Status.PENDING
            ).first()
            if order is None:
                raise
        return order, replaced


def _close_checkout_page(session_id: str) -> None:
    """Best effort: if the replaced page is paid anyway, that payment is refunded when it
    arrives (the learner has the course by then) or gives the course (if not)."""
    try:
        gateway.expire_checkout_session(session_id)
    except gateway.GatewayError as error:
        logger.info("Could not close the replaced Checkout session %s: %s", session_id, error)


def _record_session(order: Order, session: dict | None) -> Order:
    """Under the order's lock: the first session stored stays (simultaneous requests got the
    same one from Stripe). Without a session (Stripe failed) a pending order without a
    page fails: nothing was charged."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.stripe_checkout_session_id:
            return locked
        if session is None:
            if locked.status == Order.Status.PENDING:
                locked.status = Order.Status.FAILED
                locked.failed_at = timezone.now()
                locked.save(update_fields=["status", "failed_at"])
            return locked
        expires = session.get("expires_at")
        locked.stripe_checkout_session_id = session["id"]
        locked.checkout_url = session.get("url") or ""
        locked.checkout_expires_at = datetime.fromtimestamp(expires, tz=UTC) if expires else None
        locked.save(
            update_fields=["stripe_checkout_session_id", "checkout_url", "checkout_expires_at"]
        )
        return locked


def start_checkout(
    user, course: CoursePage, success_url: str, cancel_url: str
) -> tuple[Order, str]:
    """The learner's pending order at the course's current price and its Stripe Checkout page.

    Returns (order, checkout_url); every simultaneous call returns the same. success_url
    should carry Stripe's {CHECKOUT_SESSION_ID}; {ORDER_ID} in either URL becomes the
    order's id. Raises PaymentError (with a message for the person) or accounts'
    EmailNotVerified.
    """
    check_can_buy(user, course)
    order, replaced = _open_order(user, course)
    if replaced:
        _close_checkout_page(replaced)
    if order.checkout_url:
        return order, order.checkout_url
    try:
        session = gateway.create_checkout_session(
            order,
            success_url=success_url.replace(ORDER_ID_PLACEHOLDER, str(order.pk)),
            cancel_url=cancel_url.replace(ORDER_ID_PLACEHOLDER, str(order.pk)),
            locale=_stripe_locale(),
        )
    except gateway.GatewayError as error:
        order = _record_session(order, None)
        if order.status == Order.Status.PENDING and order.checkout_url:
            return order, order.checkout_url  # a simultaneous request got the page
        raise PaymentServiceUnavailable from error
    order = _record_session(order, session)
    if order.status != Order.Status.PENDING or not order.checkout_url:
        raise PaymentServiceUnavailable
    return order, order.checkout_url
