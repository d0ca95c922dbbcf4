"""Buying a course and one's own orders over JSON."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import CoursePage

from . import services
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
        try:
            order, checkout_url = services.start_checkout(
                request.user, course, success_url, cancel_url
            )
        except services.PaymentError as error:
            return Response(
                {"detail": str(error), "code": error.code}, status=status.HTTP_400_BAD_REQUEST
            )
        # EmailNotVerified passes through: the API's exception handler answers 403.
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
