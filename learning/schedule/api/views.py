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
from ..models import Group, Invitation, LiveLesson, Membership, RecurringLesson
from ..permissions import occurrence_editor
from .serializers import (
    AnswerSerializer,
    AttendanceSerializer,
    CalendarFeedSerializer,
    EventSerializer,
    EventsNarrowingSerializer,
    GroupSerializer,
    InvitationSerializer,
    InviteSerializer,
    JoinCodeSerializer,
    JoinSerializer,
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
        members = Membership.objects.select_related("student__profile_settings").order_by(
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
        request=RemoveStudentSerializer,
        responses={200: GroupSerializer},
        summary="Remove a student (by public id)",
        description="People join a group by accepting an invitation or with its code.",
    )
    @action(detail=True, methods=["delete"], url_path="students")
    def students(self, request, pk=None):
        group = self.get_object()
        data = request.data if request.data else request.query_params
        form = RemoveStudentSerializer(data=data)
        form.is_valid(raise_exception=True)
        student = _user_for_public_id(form.validated_data["id"])
        services.remove_student(request.user, group, student)
        return Response(self.get_serializer(self._fresh(group)).data)

    @extend_schema(
        methods=["GET"],
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=Invitation.Status.values,
                description="Only invitations with this status",
            )
        ],
        responses=InvitationSerializer(many=True),
        summary="The group's invitations (its teacher and staff)",
    )
    @extend_schema(
        methods=["POST"],
        request=InviteSerializer,
        responses={201: InvitationSerializer},
        summary="Invite an e-mail address to the group",
        description="Adds nobody: the address gets an e-mail and joins only by accepting. The "
        "answer is the same whether or not the address has an account; a pending invitation "
        "to the address is answered as it is.",
    )
    @action(detail=True, methods=["get", "post"], url_path="invitations")
    def invitations(self, request, pk=None):
        group = self.get_object()
        if request.method == "POST":
            form = InviteSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            invitation = services.invite(request.user, group, form.validated_data["email"])
            return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in Invitation.Status.values:
            raise exceptions.ValidationError({"status": [_("Unknown status.")]})
        invitations = services.group_invitations(request.user, group, wanted).select_related(
            "group__teacher"
        )
        page = self.paginate_queryset(invitations)
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)

    def _join_code(self, request, code: str | None) -> Response:
        url = None
        if code:
            url = request.build_absolute_uri(reverse("schedule:join", kwargs={"code": code}))
        return Response({"code": code, "url": url})

    @extend_schema(
        methods=["GET"], request=None, responses=JoinCodeSerializer, summary="The join code"
    )
    @extend_schema(
        methods=["POST"],
        request=None,
        responses=JoinCodeSerializer,
        summary="Turn joining by code on with a new code",
        description="The previous code, if any, stops working.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: JoinCodeSerializer},
        summary="Turn joining by code off",
    )
    @action(detail=True, methods=["get", "post", "delete"], url_path="join-code")
    def join_code(self, request, pk=None):
        group = self.get_object()
        if request.method == "POST":
            code = services.rotate_join_code(request.user, group).join_code
        elif request.method == "DELETE":
            code = services.disable_join_code(request.user, group).join_code
        else:
            code = services.join_code(request.user, group)
        return self._join_code(request, code)

    @extend_schema(
        request=JoinSerializer,
        responses={
            200: GroupSerializer,
            404: OpenApiResponse(description="No group has this code"),
        },
        summary="Join a group with its code",
    )
    @action(detail=False, methods=["post"], url_path="join")
    def join(self, request):
        form = JoinSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        membership = services.join_by_code(request.user, form.validated_data["code"])
        return Response(self.get_serializer(self._fresh(membership.group)).data)


class InvitationViewSet(viewsets.ReadOnlyModelViewSet):
    """Invitations to groups. The list: the open ones sent to the signed-in person; one
    invitation: theirs, or one of a group they teach (staff: any)."""

    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()

    def get_queryset(self):
        if self.action == "list":
            return services.invitations_for(self.request.user)
        return services.visible_invitations(self.request.user)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: GroupSerializer},
        summary="Accept the invitation (its addressee): join the group",
        description="Accepting again answers the same group. Needs a confirmed address or "
        "the token from the invitation e-mail.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        invitation = self.get_object()
        form = AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        membership = services.accept_invitation(
            request.user, invitation, form.validated_data.get("token")
        )
        group = services.groups_for(request.user).get(pk=membership.group_id)
        return Response(GroupSerializer(group, context=self.get_serializer_context()).data)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: InvitationSerializer},
        summary="Decline the invitation (its addressee)",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        form = AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        invitation = services.decline_invitation(
            request.user, self.get_object(), form.validated_data.get("token")
        )
        return Response(self.get_serializer(invitation).data)

    @extend_schema(
        request=None,
        responses={200: InvitationSerializer},
        summary="Revoke a pending invitation (the group's teacher or staff)",
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        invitation = services.revoke_invitation(request.user, self.get_object())
        return Response(self.get_serializer(invitation).data)


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
    groups' (read only), staff the whole school's (editable). ``teacher``, ``group`` and
    ``course`` narrow it. The window is required and at most 100 days.
    """

    @extend_schema(
        parameters=[
            EventsNarrowingSerializer,
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
        narrowing = EventsNarrowingSerializer(data=request.query_params)
        narrowing.is_valid(raise_exception=True)
        occurrences = services.calendar_for(
            request.user,
            start,
            end,
            include_cancelled=include_cancelled,
            narrowing=narrowing.narrowing(),
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


def _feed_answer(request, feed) -> Response:
    url = request.build_absolute_uri(reverse("calendar:feed", kwargs={"token": feed.token}))
    return Response(CalendarFeedSerializer({"url": url}).data)


class CalendarFeedView(APIView):
    """The signed-in person's private iCalendar address: read it, or revoke it (no address
    until one is made again); ``rotate/`` replaces it (and makes one when there is none)."""

    @extend_schema(
        responses={
            200: CalendarFeedSerializer,
            404: OpenApiResponse(description="No address: never made, or revoked"),
        },
        summary="The calendar feed's address",
    )
    def get(self, request):
        return _feed_answer(request, services.feed_of(request.user))

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Revoked: the old address answers 404")},
        summary="Revoke the calendar feed",
    )
    def delete(self, request):
        services.revoke_feed(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarFeedRotateView(APIView):
    @extend_schema(
        request=None,
        responses=CalendarFeedSerializer,
        summary="A new calendar feed address (the old one answers 404)",
    )
    def post(self, request):
        return _feed_answer(request, services.rotate_feed(request.user))


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
