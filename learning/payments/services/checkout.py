"""Starting a purchase: one open order per learner and course, and its payment page.

The learner picks a gateway among those that take the course's currency (``gateways``);
simultaneous "Buy" requests (two tabs, a double click, the site and the app at once) share
one pending order, a database guarantee (a partial unique constraint: the request that
loses the insert takes the winner's order), and so one payment page: each asks the gateway
with the same idempotency key, derived from the order, and the gateway answers every one
with the checkout it made for the first.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.services import require_verified_email
from courses.models import CoursePage
from courses.services import has_course_access

from .. import gateways
from ..errors import (
    CheckoutRefused,
    GatewayError,
    PaymentServiceUnavailable,
    PaymentsNotConfigured,
)
from ..gateways import Checkout, Gateway
from ..models import Order

logger = logging.getLogger(__name__)

# Filled in here, once the order and its gateway are known: the gateway's return query
# (Stripe's names its session with its own placeholder, filled in on Stripe's side; the others
# name our order) and the order's id.
RETURN_PLACEHOLDER = "{RETURN}"
ORDER_ID_PLACEHOLDER = "{ORDER_ID}"
# A pending order's checkout page is offered again (no second order, no double payment)
# while it has at least this long to live.
REUSE_MARGIN = timedelta(minutes=10)


def payments_configured(currency: str = "") -> bool:
    """Whether paid courses (in this currency, if given) can be bought here: some gateway
    has its keys set (and takes the currency)."""
    if currency:
        return bool(gateways.available_for(currency))
    return gateways.any_configured()


def gateways_for(course: CoursePage) -> list[Gateway]:
    """The ways this course can be paid for, preferred first (none: not configured)."""
    return gateways.available_for(course.currency)


def choose_gateway(currency: str, name: str = "") -> Gateway:
    """The gateway asked for (or the preferred one) if it may take this currency."""
    available = gateways.available_for(currency)
    if not available:
        raise PaymentsNotConfigured
    if not name:
        return available[0]
    for gateway in available:
        if gateway.name == name:
            return gateway
    raise CheckoutRefused(_("This way of paying is not available for this course."))


def return_urls(request: HttpRequest) -> tuple[str, str]:
    """Where the gateway sends the buyer back: the success page and the order's cancel page."""
    success = request.build_absolute_uri(reverse("payments:success"))
    # The order does not exist yet: reverse with a stand-in id, then put the placeholder there.
    head, _sep, tail = request.build_absolute_uri(
        reverse("payments:cancel", kwargs={"order_id": 0})
    ).rpartition("/0/")
    return f"{success}?{RETURN_PLACEHOLDER}", f"{head}/{ORDER_ID_PLACEHOLDER}/{tail}"


def check_can_buy(user, course: CoursePage, gateway: str = "") -> Gateway:
    """The gateway to pay with, or the reason this person cannot buy this course now
    (nothing is written)."""
    chosen = choose_gateway(course.currency, gateway)
    if not (user and user.is_authenticated):
        raise CheckoutRefused(_("Sign in to buy the course."))
    if not course.live or course.is_archived:
        raise CheckoutRefused(_("This course is not on sale."))
    if course.is_free:
        raise CheckoutRefused(_("This course is free: enrol without paying."))
    if has_course_access(user, course):
        raise CheckoutRefused(_("You already have access to this course."))
    require_verified_email(user)  # EmailNotVerified (accounts): the API answers 403
    return chosen


def _locale() -> str:
    return (translation.get_language() or "")[:2]


def _still_open(order: Order, course: CoursePage, gateway: Gateway) -> bool:
    """A pending order is offered again at the same price and gateway while its page (if
    made yet) lives long enough to be paid."""
    if (order.amount, order.currency, order.gateway) != (
        course.price,
        course.currency,
        gateway.name,
    ):
        return False
    if order.checkout_url and order.checkout_expires_at is not None:
        return order.checkout_expires_at > timezone.now() + REUSE_MARGIN
    return True


def _open_order(user, course: CoursePage, gateway: Gateway) -> tuple[Order, Order | None]:
    """The learner's one pending order for the course (made if there is none fit to reuse),
    and the order it replaced (None if none), whose page is to be closed."""
    with transaction.atomic():
        current = (
            Order.objects.select_for_update()
            .filter(user=user, course=course, status=Order.Status.PENDING)
            .first()
        )
        if current is not None and _still_open(current, course, gateway):
            return current, None
        replaced = None
        if current is not None:  # a new price or gateway, or a page about to close: a new order
            current.status = Order.Status.CANCELLED
            current.cancelled_at = timezone.now()
            current.save(update_fields=["status", "cancelled_at"])
            replaced = current if current.checkout_id else None
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    user=user,
                    email=user.email,
                    course=course,
                    course_title=course.title,
                    amount=course.price,
                    currency=course.currency,
                    gateway=gateway.name,
                )
        except IntegrityError:
            # A simultaneous request inserted first; ours waited for it to commit.
            order = Order.objects.filter(
                user=user, course=course, status=Order.Status.PENDING
            ).first()
            if order is None:
                raise
        return order, replaced


def _close_checkout_page(order: Order) -> None:
    """Best effort: if the replaced page is paid anyway, that payment is refunded when it
    arrives (the learner has the course by then) or gives the course (if not)."""
    try:
        gateways.get(order.gateway).close_checkout(order)
    except GatewayError as error:
        logger.info("Could not close the replaced checkout %s: %s", order.checkout_id, error)


def _record_checkout(order: Order, checkout: Checkout | None) -> Order:
    """Under the order's lock: the first checkout stored stays (simultaneous requests got
    the same one from the gateway). Without one (the gateway failed) a pending order
    without a page fails: nothing was charged."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.checkout_id:
            return locked
        if checkout is None:
            if locked.status == Order.Status.PENDING:
                locked.status = Order.Status.FAILED
                locked.failed_at = timezone.now()
                locked.save(update_fields=["status", "failed_at"])
            return locked
        locked.checkout_id = checkout.checkout_id
        locked.checkout_url = checkout.url
        locked.checkout_expires_at = checkout.expires_at
        locked.save(update_fields=["checkout_id", "checkout_url", "checkout_expires_at"])
        return locked


def start_checkout(
    user, course: CoursePage, success_url: str, cancel_url: str, gateway: str = ""
) -> tuple[Order, str]:
    """The learner's pending order at the course's current price and its payment page at
    the chosen gateway (the preferred one for the currency if none is named).

    Returns (order, checkout_url); every simultaneous call returns the same. The URLs come
    from ``return_urls``. Raises PaymentError (with a message for the person) or accounts'
    EmailNotVerified.
    """
    chosen = check_can_buy(user, course, gateway)
    order, replaced = _open_order(user, course, chosen)
    if replaced is not None:
        _close_checkout_page(replaced)
    return open_checkout_page(order, success_url, cancel_url)


def create_order(
    user, *, purpose: str, title: str, amount, currency: str, gateway: str = ""
) -> Order:
    """A pending order for something other than a course (a purpose registered in
    ``purposes``), inside the caller's transaction; its page comes from
    ``open_checkout_page`` once that commits (never call a gateway under a lock)."""
    chosen = choose_gateway(currency, gateway)
    require_verified_email(user)
    return Order.objects.create(
        user=user,
        email=user.email,
        purpose=purpose,
        course_title=str(title)[:255],
        amount=amount,
        currency=currency,
        gateway=chosen.name,
    )


def open_checkout_page(
    order: Order, success_url: str, cancel_url: str, *, expires_at: datetime | None = None
) -> tuple[Order, str]:
    """The order's payment page at its gateway, asked for once (simultaneous callers get
    the same).

    ``expires_at``: when the page closes (Stripe allows 30 minutes to 24 hours ahead).
    Raises PaymentServiceUnavailable when the gateway gives none (the order fails).
    """
    if order.checkout_url:
        return order, order.checkout_url
    gateway = gateways.get(order.gateway)
    number = str(order.pk)
    success_url = success_url.replace(RETURN_PLACEHOLDER, gateway.return_query)
    try:
        checkout = gateway.create_checkout(
            order,
            return_url=success_url.replace(ORDER_ID_PLACEHOLDER, number),
            cancel_url=cancel_url.replace(ORDER_ID_PLACEHOLDER, number),
            locale=_locale(),
            expires_at=expires_at,
        )
    except GatewayError as error:
        order = _record_checkout(order, None)
        if order.status == Order.Status.PENDING and order.checkout_url:
            return order, order.checkout_url  # a simultaneous request got the page
        raise PaymentServiceUnavailable from error
    order = _record_checkout(order, checkout)
    if order.status != Order.Status.PENDING or not order.checkout_url:
        raise PaymentServiceUnavailable
    return order, order.checkout_url


def close_checkout(order: Order) -> Order:
    """Nobody should pay this pending order any more (a booking off before it was paid): it
    is cancelled and its page closed (best effort: a payment made anyway is refunded when it
    arrives, as its purpose refuses it). The order's row is locked by the caller."""
    if order.status != Order.Status.PENDING:
        return order
    order.status = Order.Status.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at"])
    if order.checkout_id:
        transaction.on_commit(partial(_close_checkout_page, order), robust=True)
    return order
