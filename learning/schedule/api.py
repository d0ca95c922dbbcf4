"""Groups, the timetable and attendance over JSON; api/urls.py includes ``urlpatterns``.

Paths (all under /api/):

- groups/[{id}/] — teachers create and edit their groups, members read them;
  groups/{id}/students/ — POST {"email"} adds a registered person, DELETE {"id"} removes one
  (people are named by their public id, as everywhere in the API).
- schedule/events/?start=&end= — the expanded calendar for a window (at most 100 days) as
  FullCalendar events; ``cancelled=1`` adds cancelled occurrences with status "cancelled".
- schedule/rules/[{id}/] — weekly rules; PUT/PATCH with ``from_date`` changes the rule from
  that date on (the answer is the rule in force from then, a new one after a split); DELETE
  ends the rule (past occurrences stay). …/cancel-occurrence/ and …/move-occurrence/ change one
  occurrence without touching the rule.
- lessons/live/[{id}/] — stored lessons: POST makes a one-off lesson, PUT/PATCH edits or moves
  it, DELETE (or POST …/cancel/) cancels it; lessons/live/from-key/ stores a calendar event's
  occurrence and returns it (for starting it, attendance, homework); …/{id}/attendance/ —
  GET (the teacher: the whole group; a student: their own), PUT by the teacher.

A clash with another lesson is 409 with the message naming it. Creating or moving answers with
``warning``: the video pool's capacity warning, or null.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Prefetch
from django.http import Http404
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from accounts.models import User
from api.exceptions import Conflict as HTTPConflict
from courses.models import CoursePage
from learning.homework.models import Homework

from . import recurrence, services
from .models import Attendance, Group, LiveLesson, Membership, RecurringLesson

EVENTS_MAX_DAYS = 100


class ScheduleErrors:
    """Service refusals as HTTP: a clash (or a hard pool limit) 409, an unknown key 404."""

    def handle_exception(self, exc):
        if isinstance(exc, services.Conflict):
            exc = HTTPConflict(" ".join(str(m) for m in exc.messages))
        elif isinstance(exc, services.NotFound):
            exc = Http404()
        return super().handle_exception(exc)


def _user_for_public_id(value) -> User:
    user = User.objects.filter(public_id=value).first()
    if user is None:
        raise exceptions.ValidationError({"id": [_("No such person.")]})
    return user


# ---------------------------------------------------------------------------------------------
# Groups


class MemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)
    email = serializers.EmailField(read_only=True)


class GroupSerializer(serializers.ModelSerializer):
    """A group. ``students`` is shown to its teacher and staff only."""

    course = serializers.PrimaryKeyRelatedField(
        queryset=CoursePage.objects.all(),
        required=False,
        allow_null=True,
        help_text="A course page id: members get the course (enrollment source “group”).",
    )
    teacher = MemberSerializer(read_only=True)
    students_count = serializers.IntegerField(read_only=True)
    students = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = ["id", "name", "colour", "course", "teacher", "students_count", "students"]

    @extend_schema_field(MemberSerializer(many=True))
    def get_students(self, group: Group) -> list:
        user = self.context["request"].user
        if not services.can_manage_group(user, group):
            return []
        people = [m.student for m in group.memberships.all()]
        return MemberSerializer(people, many=True).data

    def create(self, validated_data):
        return services.create_group(
            self.context["request"].user,
            validated_data["name"],
            course=validated_data.get("course"),
            colour=validated_data.get("colour", services.DEFAULT_COLOUR),
        )

    def update(self, instance, validated_data):
        changes = {k: v for k, v in validated_data.items() if k in ("name", "colour", "course")}
        return services.update_group(self.context["request"].user, instance, **changes)


class AddStudentSerializer(serializers.Serializer):
    email = serializers.CharField(help_text="The person's e-mail address, any case.")


class RemoveStudentSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The person's public id.")


class GroupViewSet(ScheduleErrors, viewsets.ModelViewSet):
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


# ---------------------------------------------------------------------------------------------
# The calendar


class EventPropsSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    groupName = serializers.CharField()  # FullCalendar's camelCase
    status = serializers.ChoiceField(choices=LiveLesson.Status.choices)
    rule = serializers.IntegerField(allow_null=True)
    lesson = serializers.IntegerField(allow_null=True)
    occurrenceDate = serializers.DateField(allow_null=True)
    editable = serializers.BooleanField()
    url = serializers.CharField(help_text="The lesson's page.")


class EventSerializer(serializers.Serializer):
    """One occurrence as a FullCalendar event; ``id`` is the occurrence key."""

    id = serializers.CharField(help_text="lesson:<id> or rule:<rule id>:<YYYY-MM-DD>")
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    color = serializers.CharField()
    editable = serializers.BooleanField()
    extendedProps = EventPropsSerializer()


def _lesson_url_maker():
    """The lesson page's URL for a key (reverse() once, not per event), or "" while the page
    is not wired. Keys need no quoting: letters, digits, ":" and "-"."""
    marker = "lesson:0"
    try:
        template = reverse("schedule:lesson", kwargs={"key": marker})
    except NoReverseMatch:
        return lambda key: ""
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
        can_edit = services.occurrence_editor(request.user)
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


# ---------------------------------------------------------------------------------------------
# Rules


class RuleSerializer(serializers.ModelSerializer):
    group = serializers.PrimaryKeyRelatedField(queryset=Group.objects.all())
    homework = serializers.PrimaryKeyRelatedField(
        queryset=Homework.objects.all(), required=False, allow_null=True
    )
    week_type = serializers.ChoiceField(
        choices=RecurringLesson.WeekType.choices,
        required=False,
        default=RecurringLesson.WeekType.ALL,
        help_text="Upper and lower weeks alternate; the week (Monday to Sunday) containing "
        "start_date is an upper week.",
    )
    timezone = serializers.CharField(
        required=False, help_text="IANA time zone of the times, e.g. Europe/Moscow."
    )
    from_date = serializers.DateField(
        write_only=True,
        required=False,
        help_text="On update: change the rule from this date on (the rule splits there).",
    )
    warning = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = RecurringLesson
        fields = [
            "id",
            "group",
            "teacher",
            "title",
            "weekday",
            "week_type",
            "start_time",
            "end_time",
            "start_date",
            "end_date",
            "timezone",
            "homework",
            "from_date",
            "warning",
        ]
        read_only_fields = ["teacher"]

    def validate_group(self, group):
        if self.instance is not None and group.pk != self.instance.group_id:
            raise serializers.ValidationError(_("A rule cannot move to another group."))
        return group

    def create(self, validated_data):
        validated_data.pop("from_date", None)
        group = validated_data.pop("group")
        rule, warning = services.create_rule(self.context["request"].user, group, **validated_data)
        rule.warning = warning
        return rule

    def update(self, instance, validated_data):
        validated_data.pop("group", None)
        from_date = validated_data.pop("from_date", instance.start_date)
        rule, warning = services.update_rule_from(
            self.context["request"].user, instance, from_date, **validated_data
        )
        rule.warning = warning
        return rule


class OccurrenceDateSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The occurrence's date by the rule.")


class MoveOccurrenceSerializer(OccurrenceDateSerializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class OccurrenceChangeSerializer(serializers.Serializer):
    key = serializers.CharField()
    date = serializers.DateField()
    cancelled = serializers.BooleanField()
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    warning = serializers.CharField(allow_null=True)


def _occurrence_answer(
    rule: RecurringLesson, day: date, *, cancelled: bool, start=None, end=None, warning=None
) -> dict:
    return OccurrenceChangeSerializer(
        {
            "key": recurrence.rule_key(rule.pk, day),
            "date": day,
            "cancelled": cancelled,
            "start": start,
            "end": end,
            "warning": warning,
        }
    ).data


class RuleViewSet(ScheduleErrors, viewsets.ModelViewSet):
    """Weekly rules of the groups the signed-in person teaches or is in."""

    serializer_class = RuleSerializer
    queryset = RecurringLesson.objects.none()

    def get_queryset(self):
        queryset = services.rules_for(self.request.user).order_by("start_date", "pk")
        if group := self.request.query_params.get("group"):
            queryset = queryset.filter(group_id=group if group.isdigit() else 0)
        return queryset

    def update(self, request, *args, **kwargs):
        # The answer is the rule in force from from_date: a new one after a split.
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        rule = serializer.save()
        return Response(self.get_serializer(rule).data)

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
        return Response(_occurrence_answer(rule, day, cancelled=True))

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
            _occurrence_answer(
                rule,
                data["date"],
                cancelled=False,
                start=data["start"],
                end=data["end"],
                warning=warning,
            )
        )


# ---------------------------------------------------------------------------------------------
# Stored lessons and attendance


class LiveLessonSerializer(serializers.ModelSerializer):
    group = serializers.PrimaryKeyRelatedField(queryset=Group.objects.all())
    homework = serializers.PrimaryKeyRelatedField(
        queryset=Homework.objects.all(), required=False, allow_null=True
    )
    key = serializers.SerializerMethodField()
    join_url = serializers.SerializerMethodField()
    warning = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = LiveLesson
        fields = [
            "id",
            "key",
            "group",
            "teacher",
            "title",
            "start",
            "end",
            "status",
            "rule",
            "occurrence_date",
            "homework",
            "join_url",
            "warning",
        ]
        read_only_fields = ["teacher", "status", "rule", "occurrence_date"]

    def get_key(self, lesson: LiveLesson) -> str:
        return recurrence.lesson_key(lesson.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_join_url(self, lesson: LiveLesson) -> str:
        """The Zoom join link while the lesson is live (its group's people only)."""
        return lesson.join_url if lesson.status == LiveLesson.Status.LIVE else ""

    def validate_group(self, group):
        if self.instance is not None and group.pk != self.instance.group_id:
            raise serializers.ValidationError(_("A lesson cannot move to another group."))
        return group

    def create(self, validated_data):
        group = validated_data.pop("group")
        lesson, warning = services.create_lesson(
            self.context["request"].user, group, **validated_data
        )
        lesson.warning = warning
        return lesson

    def update(self, instance, validated_data):
        validated_data.pop("group", None)
        lesson, warning = services.update_lesson(
            self.context["request"].user, instance, **validated_data
        )
        lesson.warning = warning
        return lesson


class KeySerializer(serializers.Serializer):
    key = serializers.CharField(help_text="A calendar event's id: lesson:<id> or rule:<id>:<date>")


class AttendanceSerializer(serializers.Serializer):
    student = MemberSerializer(read_only=True)
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    note = serializers.CharField(allow_blank=True)
    saved = serializers.SerializerMethodField()

    def get_saved(self, record: Attendance) -> bool:
        """False for a member not marked yet (shown present by default)."""
        return record.pk is not None


class MarkSerializer(serializers.Serializer):
    student = serializers.UUIDField(help_text="The student's public id.")
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=255)


class MarksSerializer(serializers.Serializer):
    marks = MarkSerializer(many=True, help_text="Members left out keep their mark (or present).")


class LiveLessonViewSet(ScheduleErrors, viewsets.ModelViewSet):
    """Stored lessons of the groups the signed-in person teaches or is in."""

    serializer_class = LiveLessonSerializer
    queryset = LiveLesson.objects.none()

    def get_queryset(self):
        queryset = services.lessons_for(self.request.user).order_by("start", "pk")
        if group := self.request.query_params.get("group"):
            queryset = queryset.filter(group_id=group if group.isdigit() else 0)
        return queryset

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(serializer.save()).data)

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
    @action(detail=True, methods=["get", "put"])
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


router = SimpleRouter()
router.register("groups", GroupViewSet, basename="schedule-group")
router.register("schedule/rules", RuleViewSet, basename="schedule-rule")
router.register("lessons/live", LiveLessonViewSet, basename="live-lesson")

urlpatterns: list = [
    path("schedule/events/", EventsView.as_view(), name="schedule-events"),
    *router.urls,
]
