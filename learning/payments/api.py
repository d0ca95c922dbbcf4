"""Buying a course and one's own orders over JSON, and the gateways' notifications.

Mounted by api/urls.py at /api/: ``courses/<id>/checkout/``, ``courses/<id>/gateways/``,
``orders/`` and one notification endpoint per gateway: ``payments/stripe/webhook/``,
``payments/yookassa/notifications/``, ``payments/paypal/webhook/``. Refusals
(``errors.PaymentError`` and the rest of the domain error family) propagate to the API's one
exception handler.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, permissions, renderers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.client_ip import client_ip
from core.observability import metrics
from courses.models import CoursePage

from . import gateways, services
from .errors import WebhooksNotConfigured
from .gateways import stripe as stripe_api
from .models import FiscalReceipt, Order, Refund


class RefundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = ["amount", "status", "created_at", "completed_at"]
        read_only_fields = fields


class FiscalReceiptSerializer(serializers.ModelSerializer):
    class Meta:
        model = FiscalReceipt
        fields = [
            "kind",
            "status",
            "url",
            "fiscal_document_number",
            "fiscal_storage_number",
            "fiscal_attribute",
            "registered_at",
        ]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    refunds = RefundSerializer(many=True, read_only=True)
    receipts = FiscalReceiptSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "course",
            "course_title",
            "amount",
            "currency",
            "gateway",
            "status",
            "created_at",
            "paid_at",
            "refunded_at",
            "refund_reason",
            "refunded_amount",
            "refunds",
            "receipts",
        ]
        read_only_fields = fields


class CheckoutRequestSerializer(serializers.Serializer):
    gateway = serializers.ChoiceField(
        choices=sorted(gateways.GATEWAYS),
        required=False,
        help_text="How to pay (GET …/gateways/ lists those this course takes); default: the "
        "preferred one.",
    )


class GatewaySerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


class CheckoutAPIView(APIView):
    """Start buying a paid course: an order and a Stripe Checkout page to send the buyer to.

    The course opens once Stripe confirms the payment (webhook or the success page); follow
    the order in GET /api/orders/.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=CheckoutRequestSerializer,
        responses={
            201: inline_serializer(
                "CheckoutStarted",
                {"order": serializers.IntegerField(), "checkout_url": serializers.URLField()},
            )
        },
    )
    def post(self, request, course_id: int):
        course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
        chosen = CheckoutRequestSerializer(data=request.data)
        chosen.is_valid(raise_exception=True)
        success_url, cancel_url = services.return_urls(request)
        # PaymentError answers 400 with its code; EmailNotVerified 403 (the API's handler).
        order, checkout_url = services.start_checkout(
            request.user,
            course,
            success_url,
            cancel_url,
            gateway=chosen.validated_data.get("gateway", ""),
        )
        return Response(
            {"order": order.pk, "checkout_url": checkout_url}, status=status.HTTP_201_CREATED
        )


class CourseGatewaysAPIView(APIView):
    """The ways a course can be paid for here, preferred first (none: payments are not
    configured for its currency)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=GatewaySerializer(many=True))
    def get(self, request, course_id: int):
        course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
        return Response(
            [
                {"name": gateway.name, "label": str(gateway.label)}
                for gateway in services.gateways_for(course)
            ]
        )


class OrderListAPIView(generics.ListAPIView):
    """The signed-in person's orders, newest first."""

    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return services.orders_of(self.request.user).prefetch_related("refunds", "receipts")


@extend_schema(
    summary="Stripe's webhook (called by Stripe, not by clients)",
    description="Stripe's events, signed (``Stripe-Signature``) instead of a session or "
    "token; each is applied once.",
    parameters=[OpenApiParameter("Stripe-Signature", str, OpenApiParameter.HEADER, required=True)],
    request={"application/json": {"type": "object", "description": "A Stripe event."}},
    responses={
        200: inline_serializer(
            "WebhookReceived",
            {"received": serializers.BooleanField(), "duplicate": serializers.BooleanField()},
        ),
        400: OpenApiResponse(description="Not signed by Stripe, or not an event."),
        503: OpenApiResponse(description="No webhook secret is configured."),
    },
)
class StripeWebhookView(APIView):
    """Stripe's events, verified by signature on the raw body, each applied once.

    No session, token, CSRF or throttling: the signature is the authentication. A bad
    signature (or a timestamp outside the tolerance, past or future) answers 400, as does a
    signed body that is not a usable event (kept as a RejectedWebhook); a missing webhook
    secret 503 (Stripe delivers again later).
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []
    renderer_classes = [renderers.JSONRenderer]

    def post(self, request):
        # The raw body, before any parsing: the signature covers these very bytes. A signed
        # but malformed body is kept for inspection and answered 400 (MalformedEvent).
        with metrics.webhook("stripe") as delivery:
            if not stripe_api.webhook_secret():
                raise WebhooksNotConfigured
            processed = services.receive_webhook(
                request.body, request.headers.get("Stripe-Signature", "")
            )
            delivery.duplicate = not processed
        return Response({"received": True, "duplicate": not processed})


NOTIFICATION_ANSWERS = {
    200: inline_serializer(
        "NotificationReceived",
        {"received": serializers.BooleanField(), "duplicate": serializers.BooleanField()},
    ),
    400: OpenApiResponse(description="Not from the gateway, or not a notification."),
    503: OpenApiResponse(description="The gateway is not configured, or its API not reachable."),
}


class GatewayNotificationView(APIView):
    """A gateway's notifications (YooKassa, PayPal): checked by the gateway (sender address
    or PayPal's verification call), then the payment's status is fetched from the gateway's
    API and only that is acted on. No session, token, CSRF or throttling.

    Answers 200 once applied (or for a repeat), 400 for a delivery that does not check out,
    503 when the gateway is not configured or its API cannot be asked now (the gateway
    delivers again later).
    """

    gateway = ""
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []
    renderer_classes = [renderers.JSONRenderer]

    def post(self, request):
        gateway = gateways.get(self.gateway)
        if not gateway.is_configured():
            raise WebhooksNotConfigured(
                _("%(gateway)s notifications are not configured.") % {"gateway": gateway.label}
            )
        with metrics.webhook(self.gateway) as delivery:
            processed = services.receive_notification(
                self.gateway, request.body, request.headers, client_ip(request)
            )
            delivery.duplicate = not processed
        return Response({"received": True, "duplicate": not processed})


@extend_schema(
    summary="YooKassa's notifications (called by YooKassa, not by clients)",
    description="Accepted only from YooKassa's published addresses (YOOKASSA_NOTIFICATION_IPS); "
    "the payment's status is then read back from YooKassa's API.",
    request={"application/json": {"type": "object", "description": "A YooKassa notification."}},
    responses=NOTIFICATION_ANSWERS,
)
class YooKassaNotificationView(GatewayNotificationView):
    gateway = "yookassa"


@extend_schema(
    summary="PayPal's webhook (called by PayPal, not by clients)",
    description="Verified through PayPal's verify-webhook-signature call (PAYPAL-* headers); "
    "the order's status is then read back from PayPal's API.",
    request={"application/json": {"type": "object", "description": "A PayPal event."}},
    responses=NOTIFICATION_ANSWERS,
)
class PayPalWebhookView(GatewayNotificationView):
    gateway = "paypal"


urlpatterns = [
    path("courses/<id:course_id>/checkout/", CheckoutAPIView.as_view(), name="checkout"),
    path("courses/<id:course_id>/gateways/", CourseGatewaysAPIView.as_view(), name="gateways"),
    path("orders/", OrderListAPIView.as_view(), name="orders"),
    path("payments/stripe/webhook/", StripeWebhookView.as_view(), name="stripe-webhook"),
    path(
        "payments/yookassa/notifications/",
        YooKassaNotificationView.as_view(),
        name="yookassa-notifications",
    ),
    path("payments/paypal/webhook/", PayPalWebhookView.as_view(), name="paypal-webhook"),
]
