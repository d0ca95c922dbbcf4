"""Rules and stored lessons. Refusals (a clash 409, an unknown key 404, not allowed 403)
are domain errors the API's one exception handler answers."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from core.ids import parse_id

from ... import services
from ...models import LiveLesson, RecurringLesson
from ..serializers import (
    AttendanceSerializer,
    KeySerializer,
    LiveLessonSerializer,
    MarksSerializer,
    MoveOccurrenceSerializer,
    OccurrenceChangeSerializer,
    OccurrenceDateSerializer,
    RuleSerializer,
    occurrence_answer,
)


class _TimetableViewSet(viewsets.ModelViewSet):
    """Rules and stored lessons alike: the ones the signed-in person teaches or whose group
    they are in (``?group=`` narrows to one group); an update answers with what the service
    returns (for a rule changed from a date, the rule in force from then: a new one after a
    split)."""

    ordering: tuple[str, ...] = ()

    def visible(self, user) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.visible(self.request.user).order_by(*self.ordering)
        if group := self.request.query_params.get("group"):
            queryset = queryset.filter(group_id=parse_id(group) or 0)
        return queryset

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(serializer.save()).data)


class RuleViewSet(_TimetableViewSet):
    """Weekly rules of the groups the signed-in person teaches or is in."""

    serializer_class = RuleSerializer
    queryset = RecurringLesson.objects.none()
    ordering = ("start_date", "pk")

    def visible(self, user) -> QuerySet:
        return services.rules_for(user)

    @extend_schema(
        description="Does not erase a rule that has begun: it ends it yesterday (in its time "
        "zone), so past occurrences stay and later ones go; its lessons stored from now on "
        "that are still scheduled are cancelled. A rule that has not begun yet is deleted."
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.delete_rule(self.request.user, instance)

    @extend_schema(request=OccurrenceDateSerializer, responses=OccurrenceChangeSerializer)
    @action(detail=True, methods=["post"], url_path="cancel-occurrence")
    def cancel_occurrence(self, request, pk=None):
        rule = self.get_object()
        form = OccurrenceDateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        day = form.validated_data["date"]
        services.cancel_occurrence(request.user, rule, day)
        return Response(occurrence_answer(rule, day, cancelled=True))

    @extend_schema(request=MoveOccurrenceSerializer, responses=OccurrenceChangeSerializer)
    @action(detail=True, methods=["post"], url_path="move-occurrence")
    def move_occurrence(self, request, pk=None):
        rule = self.get_object()
        form = MoveOccurrenceSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        _exception, warning = services.move_occurrence(
            request.user, rule, data["date"], data["start"], data["end"]
        )
        return Response(
            occurrence_answer(
                rule,
                data["date"],
                cancelled=False,
                start=data["start"],
                end=data["end"],
                warning=warning,
            )
        )


class LiveLessonViewSet(_TimetableViewSet):
    """Stored lessons of the groups the signed-in person teaches or is in."""

    serializer_class = LiveLessonSerializer
    queryset = LiveLesson.objects.none()
    ordering = ("start", "pk")

    def visible(self, user) -> QuerySet:
        return services.lessons_for(user)

    @extend_schema(
        description="Does not erase the lesson: cancels it (the same as POST …/cancel/), so it "
        "stays with status cancelled (a rule's occurrence is cancelled on the rule too). Only "
        "a scheduled lesson can be cancelled: a live or finished one answers 400."
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.cancel_lesson(self.request.user, instance)

    @extend_schema(request=None, responses=LiveLessonSerializer, summary="Cancel the lesson")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        lesson = services.cancel_lesson(request.user, self.get_object())
        return Response(self.get_serializer(lesson).data)

    @extend_schema(
        request=KeySerializer,
        responses={200: LiveLessonSerializer, 404: OpenApiResponse(description="No such key")},
        summary="Store a calendar event's occurrence",
    )
    @action(detail=False, methods=["post"], url_path="from-key")
    def from_key(self, request):
        form = KeySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        lesson = services.lesson_by_key(request.user, form.validated_data["key"])
        return Response(self.get_serializer(lesson).data)

    @extend_schema(methods=["GET"], request=None, responses=AttendanceSerializer(many=True))
    @extend_schema(
        methods=["PUT"], request=MarksSerializer, responses=AttendanceSerializer(many=True)
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None)
    def attendance(self, request, pk=None):
        lesson = self.get_object()
        if request.method == "PUT":
            form = MarksSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            marks = form.validated_data["marks"]
            people = dict(
                User.objects.filter(public_id__in=[m["student"] for m in marks]).values_list(
                    "public_id", "pk"
                )
            )
            unknown = [str(m["student"]) for m in marks if m["student"] not in people]
            if unknown:
                raise exceptions.ValidationError(
                    {"marks": [_("No such person: %(ids)s.") % {"ids": ", ".join(unknown)}]}
                )
            records = services.mark_attendance(
                request.user,
                lesson,
                {people[m["student"]]: (m["status"], m["note"]) for m in marks},
            )
        else:
            records = services.attendance_for(request.user, lesson)
        return Response(AttendanceSerializer(records, many=True).data)
