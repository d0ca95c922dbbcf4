"""Admin registrations for payments; the screens live in admin_views.py."""

from django.urls import path
from wagtail import hooks

from .admin_views import (
    REFUND_URL_NAME,
    RefundOrderView,
    order_viewset,
    rejected_webhook_viewset,
)


@hooks.register("register_admin_viewset")
def register_orders():
    return order_viewset


@hooks.register("register_admin_viewset")
def register_rejected_webhooks():
    return rejected_webhook_viewset


@hooks.register("register_admin_urls")
def refund_urls():
    return [
        path(
            "orders/<id:order_id>/refund/",
            RefundOrderView.as_view(),
            name=REFUND_URL_NAME,
        )
    ]
