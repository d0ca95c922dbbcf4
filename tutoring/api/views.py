"""The tutoring API's views: parse, call tutoring.services, serialize."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..models import Offer, TutorRequest
from .serializers import (
    BoardRequestSerializer,
    MatchSerializer,
    OfferAcceptedSerializer,
    OfferScheduledSerializer,
    OfferScheduleSerializer,
    OfferSerializer,
    OfferWriteSerializer,
    TutorLevelsSerializer,
    TutorRequestSerializer,
    TutorRequestWriteSerializer,
    weekly,
)

REQUEST_EXAMPLE = OpenApiExample(
    "Maths for the exam, weekday evenings",
    value={
        "subject": 3,
        "level": "exam",
        "goal": "Pass the final maths exam in May with 80+ points.",
        "format": "one_to_one",
        "budget": "2000.00",
        "currency": "RUB",
        "language": "ru",
        "timezone": "Europe/Moscow",
        "windows": [
            {"weekday": 1, "start": "18:00", "end": "21:00"},
            {"weekday": 3, "start": "18:00", "end": "21:00"},
        ],
        "start_date": "2030-02-01",
    },
    request_only=True,
)
OFFER_EXAMPLE = OpenApiExample(
    "Two evenings a week",
    value={
        "message": "Hello! I prepare for this exam every year; let us start with a mock test.",
        "price": "1800.00",
        "times": [
            {"weekday": 1, "start": "18:00", "end": "19:30"},
            {"weekday": 3, "start": "18:00", "end": "19:30"},
        ],
    },
    request_only=True,
)
LIMIT = OpenApiParameter(
    "limit", OpenApiTypes.INT, description="how many tutors (1–50, default 20)"
)


class RequestListView(GenericAPIView):
    """The signed-in learner's own requests (GET), or a new one (POST)."""

    serializer_class = TutorRequestSerializer
    queryset = TutorRequest.objects.none()
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="tutor_requests_list", responses=TutorRequestSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(services.requests_of(request.user))
        return self.get_paginated_response(TutorRequestSerializer(page, many=True).data)

    @extend_schema(
        operation_id="tutor_requests_create",
        request=TutorRequestWriteSerializer,
        responses={201: TutorRequestSerializer},
        examples=[REQUEST_EXAMPLE],
        description=(
            "Post a request for a tutor. It stays open for REQUESTS_EXPIRE_DAYS; the best "
            "matching tutors are told, and every tutor of the subject sees it on their board."
        ),
    )
    def post(self, request):
        serializer = TutorRequestWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        posted = services.post_request(
            request.user,
            windows=weekly(data.pop("windows")),
            timezone_name=data.pop("timezone"),
            **data,
        )
        posted = services.get_request(request.user, posted.pk)
        return Response(TutorRequestSerializer(posted).data, status=status.HTTP_201_CREATED)


class BoardView(GenericAPIView):
    """Every open request in the signed-in tutor's subjects, newest first, each with the
    tutor's own offer (if they made one)."""

    serializer_class = BoardRequestSerializer
    queryset = TutorRequest.objects.none()
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="tutor_requests_board", responses=BoardRequestSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(services.requests_board(request.user))
        return self.get_paginated_response(BoardRequestSerializer(page, many=True).data)


class RequestDetailView(GenericAPIView):
    """One request: its learner, or a tutor of its subject while it is open (or who answered
    it). DELETE: the learner closes it (waiting offers are declined)."""

    serializer_class = TutorRequestSerializer
    queryset = TutorRequest.objects.none()
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="tutor_requests_retrieve")
    def get(self, request, request_id: int):
        return Response(TutorRequestSerializer(services.get_request(request.user, request_id)).data)

    @extend_schema(operation_id="tutor_requests_close", responses={204: None})
    def delete(self, request, request_id: int):
        services.close_request(request.user, services.get_request(request.user, request_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MatchesView(GenericAPIView):
    """The best tutors for the learner's own request, each with a score and the reasons."""

    serializer_class = MatchSerializer
    queryset = TutorRequest.objects.none()
    permission_classes = [IsAuthenticated]
    pagination_class = None

    @extend_schema(
        operation_id="tutor_requests_matches",
        parameters=[LIMIT],
        responses=MatchSerializer(many=True),
    )
    def get(self, request, request_id: int):
        limit = serializers.IntegerField(min_value=1, max_value=50, required=False)
        raw = request.query_params.get("limit")
        try:
            number = limit.run_validation(raw) if raw not in (None, "") else 20
        except serializers.ValidationError as error:
            raise serializers.ValidationError({"limit": error.detail}) from error
        found = services.get_request(request.user, request_id)
        matches = services.matches_for(request.user, found, limit=number)
        return Response(MatchSerializer(matches, many=True).data)


class RequestOffersView(GenericAPIView):
    """GET: the offers to the learner's own request (nobody else sees them). POST: a tutor
    of the subject answers, once, with times within their weekly hours."""

    serializer_class = OfferSerializer
    queryset = Offer.objects.none()
    permission_classes = [IsAuthenticated]
    pagination_class = None

    @extend_schema(operation_id="tutor_request_offers_list", responses=OfferSerializer(many=True))
    def get(self, request, request_id: int):
        found = services.get_request(request.user, request_id)
        offers = services.offers_for(request.user, found)
        return Response(OfferSerializer(offers, many=True).data)

    @extend_schema(
        operation_id="tutor_request_offers_create",
        request=OfferWriteSerializer,
        responses={201: OfferSerializer},
        examples=[OFFER_EXAMPLE],
    )
    def post(self, request, request_id: int):
        found = services.request_to_answer(request.user, request_id)
        serializer = OfferWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        offer = services.make_offer(request.user, found, times=weekly(data.pop("times")), **data)
        offer = services.get_offer(request.user, offer.pk)
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class OfferActionView(GenericAPIView):
    queryset = Offer.objects.none()
    permission_classes = [IsAuthenticated]
    serializer_class = OfferSerializer


class AcceptOfferView(OfferActionView):
    """The learner accepts an offer: the request closes, the other offers are declined, and
    a conversation with the tutor opens (its id is answered)."""

    @extend_schema(operation_id="offers_accept", request=None, responses=OfferAcceptedSerializer)
    def post(self, request, offer_id: int):
        offer = services.get_offer(request.user, offer_id)
        conversation = services.accept_offer(request.user, offer)
        offer = services.get_offer(request.user, offer_id)
        return Response({"offer": OfferSerializer(offer).data, "conversation": conversation.pk})


class WithdrawOfferView(OfferActionView):
    """The tutor takes back an offer still waiting."""

    @extend_schema(operation_id="offers_withdraw", request=None, responses=OfferSerializer)
    def post(self, request, offer_id: int):
        services.withdraw_offer(request.user, services.get_offer(request.user, offer_id))
        return Response(OfferSerializer(services.get_offer(request.user, offer_id)).data)


class ScheduleOfferView(OfferActionView):
    """The tutor puts an accepted offer's times on the timetable: a one-person group with the
    learner and a weekly rule per time (``weeks``: how long, REQUESTS_SCHEDULE_WEEKS by
    default)."""

    @extend_schema(
        operation_id="offers_schedule",
        request=OfferScheduleSerializer,
        responses=OfferScheduledSerializer,
    )
    def post(self, request, offer_id: int):
        serializer = OfferScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer = services.get_offer(request.user, offer_id)
        group = services.schedule_from_offer(
            request.user, offer, weeks=serializer.validated_data.get("weeks")
        )
        offer = services.get_offer(request.user, offer_id)
        return Response({"offer": OfferSerializer(offer).data, "group": group.pk})


class LevelsView(APIView):
    """The levels the signed-in tutor teaches (matching's level fit; none: every level).
    PUT replaces them.

    A plain APIView: the levels belong to the person, not to an object in the URL (a
    generic view's OPTIONS would look one up for PUT and fail)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="tutor_levels_retrieve", responses=TutorLevelsSerializer)
    def get(self, request):
        return Response({"levels": services.levels_of(request.user)})

    @extend_schema(
        operation_id="tutor_levels_update",
        request=TutorLevelsSerializer,
        responses=TutorLevelsSerializer,
    )
    def put(self, request):
        serializer = TutorLevelsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        levels = services.set_levels(request.user, serializer.validated_data["levels"])
        return Response({"levels": levels})
