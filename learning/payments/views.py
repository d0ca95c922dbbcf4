"""Buying a course on the site: start checkout, come back from Stripe; orders in the cabinet.

Stripe's webhook is an API endpoint (api.py), mounted once at /api/payments/stripe/webhook/.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.services import AccountError
from courses.models import CoursePage

from . import events, services
from .models import Order

logger = logging.getLogger(__name__)


@require_POST
@login_required
def checkout(request: HttpRequest, course_id: int) -> HttpResponse:
    """Create the order and send the buyer to Stripe's payment page."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    success_url, cancel_url = services.return_urls(request)
    try:
        _order, checkout_url = services.start_checkout(
            request.user, course, success_url, cancel_url
        )
    except (services.PaymentError, AccountError) as error:
        messages.error(request, str(error))
        return redirect(course.get_url(request) or "/")
    return redirect(checkout_url)


def _own_order(request: HttpRequest, **lookup) -> Order:
    order = Order.objects.filter(user=request.user, **lookup).select_related("course").first()
    if order is None:
        raise Http404
    return order


@require_GET
@never_cache
@login_required
def success(request: HttpRequest) -> HttpResponse:
    """Stripe sends the buyer here; the payment is checked with Stripe, not taken on trust."""
    session_id = request.GET.get("session_id", "").strip()
    if not events.STRIPE_ID.fullmatch(session_id):  # also keeps NUL away from PostgreSQL
        raise Http404
    order = _own_order(request, stripe_checkout_session_id=session_id)
    # A cancelled order's page may have been paid after all (an old tab): ask Stripe too.
    if order.status in (Order.Status.PENDING, Order.Status.FAILED, Order.Status.CANCELLED):
        try:
            order = services.fulfil_checkout(session_id) or order
        except services.PaymentError as error:
            logger.warning("Could not confirm checkout session %s: %s", session_id, error)
    return render(
        request,
        "payments/success.html",
        {"order": order, "course": order.course, "waiting": order.status == Order.Status.PENDING},
    )


@require_GET
@never_cache
@login_required
def cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    """The buyer left Stripe's page without paying: nothing changes, nothing is charged."""
    order = _own_order(request, pk=order_id)
    return render(request, "payments/cancel.html", {"order": order, "course": order.course})


@login_required
def my_orders(request: HttpRequest) -> HttpResponse:
    """The cabinet's orders and receipts: every purchase with its state, newest first."""
    orders = Order.objects.filter(user=request.user).select_related("course")
    page_obj = Paginator(orders, 20).get_page(request.GET.get("page"))
    return render(request, "payments/my_orders.html", {"page_obj": page_obj})


@login_required
def receipt(request: HttpRequest, order_id: int) -> HttpResponse:
    order = get_object_or_404(
        Order.objects.select_related("course"), pk=order_id, user=request.user
    )
    return render(request, "payments/receipt.html", {"order": order})
