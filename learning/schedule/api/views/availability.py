"""A tutor's own available hours, and any tutor's free slots (public)."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import TutorPage

from ... import services
from ..serializers import AvailabilitySerializer, SlotSerializer
from .calendar import _moment

AVAILABILITY_EXAMPLE = OpenApiExample(
    "Weekday evenings, a Saturday morning, a day off",
    value={
        "timezone": "Europe/Berlin",
        "ranges": [
            {"weekday": 0, "start": "17:00", "end": "21:00"},
            {"weekday": 2, "start": "17:00", "end": "21:00"},
            {"weekday": 5, "start": "09:00", "end": "12:00"},
        ],
        "exceptions": [
            {"date": "2030-12-31", "start": None, "end": None},
            {"date": "2030-12-28", "start": "10:00", "end": "11:00"},
        ],
    },
)
SLOTS_EXAMPLE = OpenApiExample(
    "Two free hours on a Monday evening",
    value=[
        {"start": "2030-03-25T17:00:00+01:00", "end": "2030-03-25T18:00:00+01:00"},
        {"start": "2030-03-25T19:00:00+01:00", "end": "2030-03-25T20:00:00+01:00"},
    ],
    response_only=True,
)


class AvailabilityView(APIView):
    """The signed-in tutor's weekly hours: GET reads them (empty when none are set), PUT
    replaces them all (time zone, weekly ranges, date exceptions)."""

    @extend_schema(
        responses=AvailabilitySerializer,
        examples=[AVAILABILITY_EXAMPLE],
        summary="My available hours",
    )
    def get(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return Response(AvailabilitySerializer(services.availability_of(request.user)).data)

    @extend_schema(
        request=AvailabilitySerializer,
        responses=AvailabilitySerializer,
        examples=[AVAILABILITY_EXAMPLE],
        summary="Replace my available hours",
    )
    def put(self, request):
        serializer = AvailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ranges, exceptions_ = serializer.hours()
        availability = services.set_availability(
            request.user,
            timezone=serializer.validated_data["timezone"],
            ranges=ranges,
            exceptions=exceptions_,
        )
        return Response(AvailabilitySerializer(availability).data)


class FreeSlotsView(APIView):
    """A tutor's free hour-long slots between ``from`` and ``to`` (at most 14 days): their
    available hours minus their timetable. Public; the tutor is named by their page's id."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.STR, required=True, description="ISO date or date-time"
            ),
            OpenApiParameter(
                "to", OpenApiTypes.STR, required=True, description="ISO date or date-time"
            ),
        ],
        responses=SlotSerializer(many=True),
        examples=[SLOTS_EXAMPLE],
        summary="A tutor's free slots",
    )
    def get(self, request, pk: int):
        tutor = TutorPage.objects.live().public().filter(pk=pk, user__isnull=False).first()
        if tutor is None:
            raise Http404
        start, end = _moment(request, "from"), _moment(request, "to")
        if end <= start:
            raise exceptions.ValidationError({"to": [_("The end must be after the start.")]})
        if end - start > timedelta(days=services.MAX_FREE_SLOT_DAYS):
            raise exceptions.ValidationError(
                {
                    "to": [
                        _("The window can be at most %(days)s days.")
                        % {"days": services.MAX_FREE_SLOT_DAYS}
                    ]
                }
            )
        slots = services.free_slots(tutor.user, start, end)
        # ISO strings as is: DRF would move them into the site's zone.
        return Response([{"start": s.start.isoformat(), "end": s.end.isoformat()} for s in slots])
