"""Admin screens for orders: the list (read-only, with paid totals per currency), one order,
and the refund action; and the signed Stripe webhooks that were refused as malformed
(Reports menu). Registered in wagtail_hooks.py."""

import contextlib
import json

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .models import Order, RejectedWebhook, format_money
from .permissions import can_refund

REFUND_URL_NAME = "payments_refund_order"


class OrderPermissionPolicy(ModelPermissionPolicy):
    """Orders are facts about money: staff view and refund them, nobody edits or deletes.
    Rejected webhooks are evidence: viewed, never changed."""

    READ_ONLY = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.READ_ONLY:
            return False
        return super().user_has_permission(user, action)


order_permission_policy = OrderPermissionPolicy(Order)
register_permission_policy(Order, order_permission_policy)
rejected_webhook_permission_policy = OrderPermissionPolicy(RejectedWebhook)
register_permission_policy(RejectedWebhook, rejected_webhook_permission_policy)


def refund_url(order: Order) -> str:
    return reverse(REFUND_URL_NAME, args=[order.pk])


class OrderFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Order
        fields = ["status", "currency", "created_at"]


class OrderIndexView(IndexView):
    @cached_property
    def no_results_message(self):
        # Wagtail's own sentence puts the plural name into a case it cannot inflect
        # ("Нет заказы для отображения."): whole sentences of our own read right.
        if self.is_searching or self.is_filtering:
            return _("No orders match your search or filters.")
        return _("There are no orders yet.")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.can_be_refunded and can_refund(self.request.user):
            buttons.append(
                Button(_("Refund"), url=refund_url(instance), icon_name="rotate", priority=40)
            )
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # The filtered and searched orders, every page of them.
        totals = services.paid_totals(self.object_list)
        for row in totals:
            row["display"] = format_money(row["total"], row["currency"])
        context["paid_totals"] = totals
        return context


class OrderInspectView(InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.can_be_refunded and can_refund(self.request.user):
            buttons.append(
                Button(_("Refund"), url=refund_url(self.object), icon_name="rotate", priority=30)
            )
        return buttons


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "clipboard-list"
    menu_label = gettext_lazy("Orders")
    menu_order = 320
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    index_results_template_name = "payments/admin/order_index_results.html"
    list_display = [
        "__str__",
        "email",
        "course_title",
        Column("amount_display", label=gettext_lazy("Amount"), sort_key="amount"),
        "status",
        "created_at",
        "paid_at",
    ]
    filterset_class = OrderFilterSet
    search_fields = ["email", "user__email", "course_title", "course__title"]
    search_backend_name = None  # plain database lookups on these fields
    list_export = [
        "pk",
        "email",
        "course_title",
        "amount",
        "currency",
        "status",
        "created_at",
        "paid_at",
        "refunded_at",
        "stripe_payment_intent_id",
    ]
    inspect_view_fields = [
        "user",
        "email",
        "course",
        "course_title",
        "amount",
        "currency",
        "status",
        "created_at",
        "paid_at",
        "failed_at",
        "refunded_at",
        "refunded_by",
        "cancelled_at",
        "refund_reason",
        "enrollment",
        "stripe_checkout_session_id",
        "stripe_payment_intent_id",
        "stripe_refund_id",
    ]
    list_per_page = 50

    def get_urlpatterns(self):
        # Read-only: the list, its results fragment and one order. No add, edit, copy, delete.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_order", "refund_order"])
        )


class RefundOrderView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks to confirm; POST refunds through Stripe and closes the learner's access."""

    template_name = "payments/admin/confirm_refund.html"
    header_icon = "rotate"

    def dispatch(self, request, *args, **kwargs):
        if not can_refund(request.user):
            raise PermissionDenied
        self.order = get_object_or_404(Order, pk=kwargs["order_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Refund")

    def get_page_subtitle(self):
        return str(self.order)

    def back_url(self) -> str:
        return reverse("orders:inspect", args=[self.order.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("orders:index"), "label": _("Orders")},
            {"url": self.back_url(), "label": str(self.order)},
            {"url": "", "label": _("Refund")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(order=self.order, back_url=self.back_url())
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.refund_order(self.order, by=request.user)
        except services.PaymentError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(order)s is refunded: %(amount)s go back to %(email)s; the course is closed.")
                % {
                    "order": self.order,
                    "amount": self.order.amount_display,
                    "email": self.order.email,
                },
            )
        return redirect(self.back_url())


order_viewset = OrderViewSet("orders")


class RejectedWebhookInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        if field_name == "body":  # indented when it is JSON, else as sent
            body = self.object.body
            with contextlib.suppress(ValueError, RecursionError):
                body = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
            return format_html('<pre style="white-space: pre-wrap">{}</pre>', body)
        return super().get_field_display_value(field_name, field)


class RejectedWebhookViewSet(ModelViewSet):
    """Signed Stripe webhooks refused as malformed (400), for staff to look at."""

    model = RejectedWebhook
    icon = "warning"
    menu_label = gettext_lazy("Rejected Stripe webhooks")
    menu_hook = "register_reports_menu_item"
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = RejectedWebhookInspectView
    list_display = ["__str__", "reason", "deliveries", "received_at", "last_received_at"]
    search_fields = ["event_id", "event_type", "reason"]
    search_backend_name = None
    inspect_view_fields = [
        "event_id",
        "event_type",
        "reason",
        "deliveries",
        "received_at",
        "last_received_at",
        "body_sha256",
        "body",
    ]
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename="view_rejectedwebhook")


rejected_webhook_viewset = RejectedWebhookViewSet("rejected-stripe-webhooks")
