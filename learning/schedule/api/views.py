"""The timetable API's views. Refusals (a clash 409, an unknown key 404, not allowed 403)
are domain errors the API's one exception handler answers."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.ids import parse_id

from .. import services
from ..models import Group, LiveLesson, Membership, RecurringLesson
from ..permissions import occurrence_editor
from .serializers import (
    AddStudentSerializer,
    AttendanceSerializer,
    EventSerializer,
    GroupSerializer,
    KeySerializer,
    LiveLessonSerializer,
    MarksSerializer,
    MoveOccurrenceSerializer,
    OccurrenceChangeSerializer,
    OccurrenceDateSerializer,
    RemoveStudentSerializer,
    RuleSerializer,
    occurrence_answer,
)

EVENTS_MAX_DAYS = 100
EVENTS_FIRST_YEAR, EVENTS_LAST_YEAR = 1900, 2999


def _user_for_public_id(value) -> User:
    user = User.objects.filter(public_id=value).first()
    if user is None:
        raise exceptions.ValidationError({"id": [_("No such person.")]})
    return user


class GroupViewSet(viewsets.ModelViewSet):
    """Groups the signed-in person teaches or is in (staff: all)."""

    serializer_class = GroupSerializer
    queryset = Group.objects.none()

    def get_queryset(self):
        members = Membership.objects.select_related("student").order_by(
            "student__last_name", "student__first_name", "student__email"
        )
        return services.groups_for(self.request.user).prefetch_related(
            Prefetch("memberships", queryset=members)
        )

    def _fresh(self, group: Group) -> Group:
        return self.get_queryset().get(pk=group.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        group = serializer.save()
        data = self.get_serializer(self._fresh(group)).data
        return Response(data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        group = self.get_object()
        serializer = self.get_serializer(group, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self._fresh(group)).data)

    def perform_destroy(self, instance):
        services.delete_group(self.request.user, instance)

    @extend_schema(
        methods=["POST"],
        request=AddStudentSerializer,
        responses={201: GroupSerializer},
        summary="Add a student by e-mail",
    )
    @extend_schema(
        methods=["DELETE"],
        request=RemoveStudentSerializer,
        responses={200: GroupSerializer},
        summary="Remove a student (by public id)",
    )
    @action(detail=True, methods=["post", "delete"], url_path="students")
    def students(self, request, pk=None):
        group = self.get_object()
        if request.method == "POST":
            form = AddStudentSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            services.add_student(request.user, group, form.validated_data["email"])
            answer = status.HTTP_201_CREATED
        else:
            data = request.data if request.data else request.query_params
            form = RemoveStudentSerializer(data=data)
            form.is_valid(raise_exception=True)
            student = _user_for_public_id(form.validated_data["id"])
            services.remove_student(request.user, group, student)
            answer = status.HTTP_200_OK
        return Response(self.get_serializer(self._fresh(group)).data, status=answer)


def _lesson_url_maker():
    """The lesson page's URL for a key (reverse() once, not per event). Keys need no quoting:
    letters, digits, ":" and "-"."""
    marker = "lesson:0"
    template = reverse("schedule:lesson", kwargs={"key": marker})
    head, _marker, tail = template.rpartition(marker)
    return lambda key: f"{head}{key}{tail}"


def _moment(request, name: str) -> datetime:
    raw = (request.query_params.get(name) or "").strip().replace(" ", "+")
    if not raw:
        raise exceptions.ValidationError({name: [_("This parameter is required.")]})
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = datetime.combine(day, time.min)
    except ValueError:
        value = None
    if value is None:
        raise exceptions.ValidationError(
            {name: [_("Give a date or date and time, e.g. 2030-09-01 or 2030-09-01T00:00:00Z.")]}
        )
    if not EVENTS_FIRST_YEAR <= value.year <= EVENTS_LAST_YEAR:
        # Near year 1 or 9999 the expansion's date arithmetic overflowed (a 500).
        raise exceptions.ValidationError(
            {
                name: [
                    _("Give a date between the years %(first)s and %(last)s.")
                    % {"first": EVENTS_FIRST_YEAR, "last": EVENTS_LAST_YEAR}
                ]
            }
        )
    if timezone.is_naive(value):
        # FullCalendar with a named time zone sends local times and the zone beside them.
        zone_name = request.query_params.get("timeZone") or ""
        try:
            zone = ZoneInfo(zone_name) if zone_name and zone_name != "local" else None
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        value = timezone.make_aware(value, zone or timezone.get_current_timezone())
    return value


class EventsView(APIView):
    """The signed-in person's timetable between ``start`` and ``end`` as FullCalendar events.

    Teachers get their lessons and their groups' (editable while scheduled), students their
    groups' (read only). The window is required and at most 100 days.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.STR, required=True, description="ISO date or date-time"
            ),
            OpenApiParameter(
                "end", OpenApiTypes.STR, required=True, description="ISO date or date-time"
            ),
            OpenApiParameter(
                "cancelled", OpenApiTypes.BOOL, description="Include cancelled occurrences"
            ),
            OpenApiParameter(
                "timeZone", OpenApiTypes.STR, description="Zone of times without an offset"
            ),
        ],
        responses={200: EventSerializer(many=True)},
    )
    def get(self, request):
        start, end = _moment(request, "start"), _moment(request, "end")
        if end <= start:
            raise exceptions.ValidationError({"end": [_("The end must be after the start.")]})
        if end - start > timedelta(days=EVENTS_MAX_DAYS):
            raise exceptions.ValidationError(
                {"end": [_("The window can be at most %(days)s days.") % {"days": EVENTS_MAX_DAYS}]}
            )
        include_cancelled = request.query_params.get("cancelled") in ("1", "true", "yes")
        occurrences = services.occurrences_for(
            request.user, start, end, include_cancelled=include_cancelled
        )
        groups = Group.objects.only("name", "colour", "teacher_id").in_bulk(
            {o.group_id for o in occurrences}
        )
        url = _lesson_url_maker()
        can_edit = occurrence_editor(request.user)
        events = []
        for occurrence in occurrences:
            group = groups.get(occurrence.group_id)
            editable = can_edit(occurrence, group.teacher_id if group else None)
            events.append(
                {
                    "id": occurrence.key,
                    "title": occurrence.title,
                    "start": timezone.localtime(occurrence.start).isoformat(),
                    "end": timezone.localtime(occurrence.end).isoformat(),
                    "color": group.colour if group else services.DEFAULT_COLOUR,
                    "editable": editable,
                    "extendedProps": {
                        "group": occurrence.group_id,
                        "groupName": group.name if group else "",
                        "status": occurrence.status,
                        "rule": occurrence.rule_id,
                        "lesson": occurrence.lesson_id,
                        "occurrenceDate": occurrence.occurrence_date.isoformat()
                        if occurrence.occurrence_date
                        else None,
                        "editable": editable,
                        "url": url(occurrence.key),
                    },
                }
            )
        return Response(events)


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
