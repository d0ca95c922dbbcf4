"""Buying a course on the site: start checkout at the chosen gateway, come back from its
page; orders, refunds and receipts in the cabinet.

The gateways' notifications are API endpoints (api.py), mounted once each under
/api/payments/.
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
    """Create the order and send the buyer to the chosen gateway's payment page."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    success_url, cancel_url = services.return_urls(request)
    gateway = request.POST.get("gateway", "")[:16]
    try:
        _order, checkout_url = services.start_checkout(
            request.user, course, success_url, cancel_url, gateway=gateway
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
    """The gateway sends the buyer here (Stripe naming its session, the others our order);
    the payment is checked with the gateway, never taken on trust."""
    session_id = request.GET.get("session_id", "").strip()
    number = events.order_id(request.GET.get("order", "").strip())
    if session_id:
        if not events.STRIPE_ID.fullmatch(session_id):  # also keeps NUL away from PostgreSQL
            raise Http404
        order = _own_order(request, gateway="stripe", checkout_id=session_id)
    elif number is not None:
        order = _own_order(request, pk=number)
    else:
        raise Http404
    # A cancelled order's page may have been paid after all (an old tab): ask the gateway too.
    if order.status in (Order.Status.PENDING, Order.Status.FAILED, Order.Status.CANCELLED):
        try:
            if session_id:
                order = services.fulfil_checkout(session_id) or order
            else:
                order = services.confirm_order(order)
        except services.PaymentError as error:
            logger.warning("Could not confirm order %s: %s", order.pk, error)
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
    orders = (
        Order.objects.filter(user=request.user)
        .select_related("course")
        .prefetch_related("refunds", "receipts")
    )
    page_obj = Paginator(orders, 20).get_page(request.GET.get("page"))
    return render(request, "payments/my_orders.html", {"page_obj": page_obj})


@login_required
def receipt(request: HttpRequest, order_id: int) -> HttpResponse:
    order = get_object_or_404(
        Order.objects.select_related("course").prefetch_related("refunds", "receipts"),
        pk=order_id,
        user=request.user,
    )
    return render(request, "payments/receipt.html", {"order": order})
