"""Bookings over JSON: book a tutor's free slot, list one's own, and the answers.

Mounted by api/urls.py at /api/: ``bookings/`` (GET mine, POST a new one) and
``bookings/<id>/confirm/``, ``decline/``, ``cancel/``. Every rule is the services'; their
refusals reach the API's one exception handler. A booking is its learner's and its tutor's:
to anyone else it answers 404.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import PrimaryKeyRelatedField
from courses.models import TutorPage
from learning.payments.services import return_urls

from . import services
from .errors import BookingNotFound
from .models import Booking
from .permissions import can_answer, can_cancel


class BookingPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.email


class BookingSerializer(serializers.ModelSerializer):
    learner = BookingPersonSerializer(read_only=True)
    tutor = BookingPersonSerializer(read_only=True)
    tutor_page = serializers.IntegerField(source="tutor_page_id", read_only=True, allow_null=True)
    order = serializers.IntegerField(source="order_id", read_only=True, allow_null=True)
    payment_status = serializers.SerializerMethodField()
    lesson = serializers.SerializerMethodField()
    can_confirm = serializers.SerializerMethodField()
    can_cancel = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "kind",
            "status",
            "start",
            "end",
            "learner",
            "tutor",
            "tutor_page",
            "price",
            "currency",
            "deadline",
            "decline_reason",
            "order",
            "payment_status",
            "lesson",
            "created_at",
            "decided_at",
            "can_confirm",
            "can_cancel",
        ]
        read_only_fields = fields

    def get_payment_status(self, booking: Booking) -> str | None:
        """The order's status ("pending", "paid", "refunded"…); null for a free booking."""
        return booking.order.status if booking.order_id is not None else None

    def get_lesson(self, booking: Booking) -> str | None:
        """The timetable key of the confirmed lesson (``lesson:<id>``)."""
        return booking.lesson_key or None

    def _user(self):
        return self.context["request"].user

    def get_can_confirm(self, booking: Booking) -> bool:
        """Whether the viewer may confirm or decline it (its tutor, while it waits)."""
        return can_answer(self._user(), booking)

    def get_can_cancel(self, booking: Booking) -> bool:
        return can_cancel(self._user(), booking)


class BookRequestSerializer(serializers.Serializer):
    tutor = PrimaryKeyRelatedField(
        queryset=TutorPage.objects.live().filter(user__isnull=False),
        help_text="The tutor's page id (as in /api/tutors/ and its free-slots).",
    )
    start = serializers.DateTimeField(
        help_text="The start of one of the tutor's free slots, with its offset."
    )
    kind = serializers.ChoiceField(choices=Booking.Kind.choices)


class BookingCreatedSerializer(BookingSerializer):
    checkout_url = serializers.URLField(
        allow_null=True, help_text="Stripe's payment page for a paid booking; null when free."
    )

    class Meta(BookingSerializer.Meta):
        fields = [*BookingSerializer.Meta.fields, "checkout_url"]
        read_only_fields = fields


class BookingListView(generics.ListCreateAPIView):
    """GET: my bookings, as learner or tutor (``role`` narrows), latest lesson first.
    POST: book one of a tutor's free slots (a trial, or a single lesson paid through Stripe:
    follow ``checkout_url``; the slot is held meanwhile)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BookingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        role = self.request.query_params.get("role", "")
        if role not in ("", "learner", "tutor"):
            raise exceptions.ValidationError({"role": ["Give learner or tutor."]})
        return services.bookings_for(self.request.user, role=role)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "role",
                OpenApiTypes.STR,
                enum=["learner", "tutor"],
                description="Only the bookings I made (learner) or was asked for (tutor).",
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=BookRequestSerializer, responses={201: BookingCreatedSerializer}, summary="Book"
    )
    def post(self, request, *args, **kwargs):
        data = BookRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        success_url, cancel_url = return_urls(request)
        booking, checkout_url = services.book(
            request.user,
            data.validated_data["tutor"],
            data.validated_data["start"],
            data.validated_data["kind"],
            success_url=success_url,
            cancel_url=cancel_url,
        )
        booking.checkout_url = checkout_url
        body = BookingCreatedSerializer(booking, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


def _booking(pk: int) -> Booking:
    booking = Booking.objects.select_related("learner", "tutor", "order").filter(pk=pk).first()
    if booking is None:
        raise BookingNotFound
    return booking


class _Action(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def answer(self, request, booking: Booking) -> Response:
        return Response(BookingSerializer(booking, context={"request": request}).data)


class ConfirmView(_Action):
    """The tutor confirms: the lesson goes into both calendars (a one-off lesson of the
    pair's one-person group)."""

    @extend_schema(request=None, responses=BookingSerializer, summary="Confirm a booking")
    def post(self, request, pk: int):
        return self.answer(request, services.confirm(request.user, _booking(pk)))


class DeclineView(_Action):
    """The tutor declines, saying why; a payment is refunded automatically."""

    @extend_schema(
        request=inline_serializer(
            "BookingDecline", {"reason": serializers.CharField(max_length=1000)}
        ),
        responses=BookingSerializer,
        summary="Decline a booking",
    )
    def post(self, request, pk: int):
        reason = request.data.get("reason", "") if hasattr(request.data, "get") else ""
        if not isinstance(reason, str):
            raise exceptions.ValidationError({"reason": ["Give the reason as text."]})
        return self.answer(request, services.decline(request.user, _booking(pk), reason))


class CancelView(_Action):
    """The learner withdraws a booking before it is confirmed; a payment is refunded."""

    @extend_schema(request=None, responses=BookingSerializer, summary="Cancel my booking")
    def post(self, request, pk: int):
        return self.answer(request, services.cancel(request.user, _booking(pk)))


urlpatterns = [
    path("bookings/", BookingListView.as_view(), name="bookings"),
    path("bookings/<id:pk>/confirm/", ConfirmView.as_view(), name="booking-confirm"),
    path("bookings/<id:pk>/decline/", DeclineView.as_view(), name="booking-decline"),
    path("bookings/<id:pk>/cancel/", CancelView.as_view(), name="booking-cancel"),
]
