"""Admin screens for orders: the list (read-only, with paid totals per currency, any gateway),
one order with its refunds and fiscal receipts, and the refund action (whole or in part);
and the signed Stripe webhooks that were refused as malformed (Reports menu). Registered in
wagtail_hooks.py."""

import contextlib
import json
from decimal import Decimal

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
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

from . import gateways, services
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
    gateway = django_filters.ChoiceFilter(
        label=gettext_lazy("Payment gateway"),
        choices=[(gateway.name, gateway.label) for gateway in gateways.ordered()],
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Order
        fields = ["status", "currency", "gateway", "created_at"]


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
    EXTRA_LABELS = {  # noqa: RUF012 (read-only)
        "refunds": gettext_lazy("Refunds"),
        "receipts": gettext_lazy("Fiscal receipts"),
        "gateway_label": gettext_lazy("Payment gateway"),
    }

    def get_field_label(self, field_name, field):
        if field_name in self.EXTRA_LABELS:
            return str(self.EXTRA_LABELS[field_name])
        return super().get_field_label(field_name, field)

    def get_refunds_display_value(self):
        refunds = self.object.refunds.select_related("created_by")
        return (
            "; ".join(
                f"{refund.created_at:%Y-%m-%d %H:%M} {refund.amount_display} "
                f"({refund.get_status_display()}"
                + (f", {refund.created_by}" if refund.created_by else "")
                + (f": {refund.reason}" if refund.reason else "")
                + ")"
                for refund in refunds
            )
            or "—"
        )

    def get_receipts_display_value(self):
        return (
            "; ".join(
                f"{receipt.get_kind_display()}: {receipt.get_status_display()}"
                + (
                    f" (ФН {receipt.fiscal_storage_number}, ФД {receipt.fiscal_document_number}, "
                    f"ФП {receipt.fiscal_attribute})"
                    if receipt.fiscal_document_number
                    else ""
                )
                for receipt in self.object.receipts.all()
            )
            or "—"
        )

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
        Column("gateway_label", label=gettext_lazy("Payment gateway"), sort_key="gateway"),
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
        "gateway",
        "status",
        "created_at",
        "paid_at",
        "refunded_at",
        "refunded_amount",
        "payment_id",
    ]
    inspect_view_fields = [
        "user",
        "email",
        "course",
        "course_title",
        "amount",
        "currency",
        "gateway_label",
        "status",
        "refunded_amount",
        "refunds",
        "receipts",
        "created_at",
        "paid_at",
        "failed_at",
        "refunded_at",
        "refunded_by",
        "cancelled_at",
        "refund_reason",
        "enrollment",
        "checkout_id",
        "payment_id",
        "refund_id",
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


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount to refund"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,  # empty: all that is left
        help_text=gettext_lazy("All that is left refunds the whole payment and closes the course."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255, required=False)

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["amount"].max_value = order.refundable
        self.fields["amount"].validators.append(MaxValueValidator(order.refundable))
        self.fields["amount"].initial = order.refundable
        if not gateways.get(order.gateway).partial_refunds:
            self.fields["amount"].disabled = True


class RefundOrderView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks to confirm (the amount: all that is left, or a part); POST refunds through
    the order's gateway. A whole refund closes the learner's access, a part keeps it."""

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
        context.setdefault("form", RefundForm(order=self.order))
        context.update(order=self.order, back_url=self.back_url())
        return context

    def post(self, request, *args, **kwargs):
        form = RefundForm(request.POST, order=self.order)
        if self.order.can_be_refunded and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        amount = form.cleaned_data.get("amount") if form.is_valid() else None
        whole = amount is None or amount >= self.order.refundable
        try:
            services.refund_order(
                self.order,
                by=request.user,
                amount=None if whole else amount,
                reason=form.cleaned_data.get("reason", "") if form.is_valid() else "",
            )
        except services.PaymentError as error:
            messages.error(request, str(error))
        else:
            if whole:
                text = _(
                    "%(order)s is refunded: %(amount)s go back to %(email)s; the course is closed."
                )
            else:
                text = _(
                    "%(order)s is refunded in part: %(amount)s go back to %(email)s; the course "
                    "stays open."
                )
            money = (
                format_money(amount, self.order.currency) if amount else self.order.amount_display
            )
            messages.success(
                request,
                text % {"order": self.order, "amount": money, "email": self.order.email},
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
