"""The timetable API's serializers: groups, calendar events, rules, stored lessons and
attendance. Creating and changing go through services (which enforce every rule)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.ids import PrimaryKeyRelatedField
from courses.models import CoursePage
from learning.homework.models import Homework

from .. import recurrence, services
from ..models import Attendance, Group, Invitation, LiveLesson, RecurringLesson
from ..permissions import can_manage_group, can_see_member_contacts


class MemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)
    email = serializers.EmailField(read_only=True)


class StudentMemberSerializer(MemberSerializer):
    """A member on the roster: ``email`` is null when the member keeps it from teachers."""

    email = serializers.EmailField(read_only=True, allow_null=True)


class GroupSerializer(serializers.ModelSerializer):
    """A group. ``students`` is shown to its teacher and staff only."""

    course = PrimaryKeyRelatedField(  # bounded: a page id past the range is "no such page"
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

    @extend_schema_field(StudentMemberSerializer(many=True))
    def get_students(self, group: Group) -> list:
        user = self.context["request"].user
        if not can_manage_group(user, group):
            return []
        rows = []
        for membership in group.memberships.all():
            row = StudentMemberSerializer(membership.student).data
            if not can_see_member_contacts(user, group, membership.student):
                row["email"] = None
            rows.append(row)
        return rows

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


class InviteSerializer(serializers.Serializer):
    email = serializers.CharField(
        max_length=254, help_text="The address to invite, any case (registered or not)."
    )


class InvitedGroupSerializer(serializers.ModelSerializer):
    """What an invitation or a join code says about its group."""

    teacher = MemberSerializer(read_only=True)
    course = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Group
        fields = ["id", "name", "colour", "course", "teacher"]


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to a group. ``is_expired``: pending but past ``expires_at`` (it can no
    longer be accepted)."""

    group = InvitedGroupSerializer(read_only=True)
    invited_by = MemberSerializer(read_only=True, allow_null=True)
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "group",
            "email",
            "status",
            "is_expired",
            "created_at",
            "expires_at",
            "responded_at",
            "invited_by",
        ]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    token = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The token from the invitation e-mail's link: needed while the account's "
        "address is not confirmed.",
    )


class JoinSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, help_text="The group's code, any case.")


class JoinCodeSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="Null: joining by code is off.")
    url = serializers.CharField(allow_null=True, help_text="The join page's address.")


class RemoveStudentSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The person's public id.")


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


class CalendarFeedSerializer(serializers.Serializer):
    """The person's private iCalendar address (anyone with it can read their timetable)."""

    url = serializers.URLField(read_only=True, help_text="Absolute: give it to a calendar app.")


MAX_ID = 2**63 - 1  # the database's integer: a larger id is a 400, not an overflow


class EventsNarrowingSerializer(serializers.Serializer):
    """The events list's optional narrowing, as query parameters."""

    teacher = serializers.UUIDField(
        required=False,
        help_text="A teacher's public id: the lessons they teach and their groups' lessons.",
    )
    group = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A group id."
    )
    course = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="A course page id: the lessons of the groups tied to it.",
    )

    def narrowing(self) -> services.Narrowing:
        return services.Narrowing(**self.validated_data)


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


def occurrence_answer(
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

    @extend_schema_field(
        {"type": "string", "description": "The join link while the lesson is live, else empty."}
    )
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


class HoursSerializer(serializers.Serializer):
    """One weekly range: a weekday (0 Monday … 6 Sunday) and two wall-clock times."""

    weekday = serializers.IntegerField(min_value=0, max_value=6)
    start = serializers.TimeField(format="%H:%M")
    end = serializers.TimeField(format="%H:%M")


class ExceptionHoursSerializer(serializers.Serializer):
    """One date's range; without times, a day off. A date's exceptions replace its weekday."""

    date = serializers.DateField()
    start = serializers.TimeField(format="%H:%M", required=False, allow_null=True)
    end = serializers.TimeField(format="%H:%M", required=False, allow_null=True)


class AvailabilitySerializer(serializers.Serializer):
    timezone = serializers.CharField(max_length=64, help_text="IANA zone, e.g. Europe/Berlin")
    ranges = HoursSerializer(many=True)
    exceptions = ExceptionHoursSerializer(many=True, required=False, default=list)

    def to_representation(self, instance):
        if instance is None:
            return {"timezone": "", "ranges": [], "exceptions": []}
        return {
            "timezone": instance.timezone,
            "ranges": HoursSerializer(
                [
                    {"weekday": r.weekday, "start": r.start_time, "end": r.end_time}
                    for r in instance.ranges.all()
                ],
                many=True,
            ).data,
            "exceptions": ExceptionHoursSerializer(
                [
                    {"date": e.date, "start": e.start_time, "end": e.end_time}
                    for e in instance.exceptions.all()
                ],
                many=True,
            ).data,
        }

    def hours(self) -> tuple[list[services.Hours], list[services.Hours]]:
        data = self.validated_data
        ranges = [
            services.Hours(r["start"], r["end"], weekday=r["weekday"]) for r in data["ranges"]
        ]
        exceptions = [
            services.Hours(e.get("start"), e.get("end"), date=e["date"]) for e in data["exceptions"]
        ]
        return ranges, exceptions


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="in the tutor's time zone")
    end = serializers.DateTimeField()
