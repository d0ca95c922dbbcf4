"""Buying a course and one's own orders over JSON, and Stripe's webhook.

Mounted by api/urls.py at /api/: ``courses/<id>/checkout/``, ``orders/`` and the one Stripe
webhook endpoint, ``payments/stripe/webhook/``. Refusals (``errors.PaymentError`` and the
rest of the domain error family) propagate to the API's one exception handler.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, permissions, renderers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import CoursePage

from . import gateway, services
from .errors import WebhooksNotConfigured
from .models import Order


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = [
            "id",
            "course",
            "course_title",
            "amount",
            "currency",
            "status",
            "created_at",
            "paid_at",
            "refunded_at",
            "refund_reason",
        ]
        read_only_fields = fields


class CheckoutAPIView(APIView):
    """Start buying a paid course: an order and a Stripe Checkout page to send the buyer to.

    The course opens once Stripe confirms the payment (webhook or the success page); follow
    the order in GET /api/orders/.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            201: inline_serializer(
                "CheckoutStarted",
                {"order": serializers.IntegerField(), "checkout_url": serializers.URLField()},
            )
        },
    )
    def post(self, request, course_id: int):
        course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
        success_url, cancel_url = services.return_urls(request)
        # PaymentError answers 400 with its code; EmailNotVerified 403 (the API's handler).
        order, checkout_url = services.start_checkout(request.user, course, success_url, cancel_url)
        return Response(
            {"order": order.pk, "checkout_url": checkout_url}, status=status.HTTP_201_CREATED
        )


class OrderListAPIView(generics.ListAPIView):
    """The signed-in person's orders, newest first."""

    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return services.orders_of(self.request.user)


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
        if not gateway.webhook_secret():
            raise WebhooksNotConfigured
        # The raw body, before any parsing: the signature covers these very bytes. A signed
        # but malformed body is kept for inspection and answered 400 (MalformedEvent).
        processed = services.receive_webhook(
            request.body, request.headers.get("Stripe-Signature", "")
        )
        return Response({"received": True, "duplicate": not processed})


urlpatterns = [
    path("courses/<id:course_id>/checkout/", CheckoutAPIView.as_view(), name="checkout"),
    path("orders/", OrderListAPIView.as_view(), name="orders"),
    path("payments/stripe/webhook/", StripeWebhookView.as_view(), name="stripe-webhook"),
]
