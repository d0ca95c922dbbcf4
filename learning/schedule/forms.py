"""Forms of the timetable pages. They only read and check input; services make the changes."""

import datetime as dt
import re
import uuid
import zoneinfo
from functools import lru_cache

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from courses.models import CoursePage

from .models import Attendance, Group, RecurringLesson

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
    return [(name, name.replace("_", " ")) for name in names]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def teacher_groups(teacher):
    return Group.objects.filter(teacher=teacher).order_by("name", "pk")


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.none(),
        required=False,
        empty_label=_("— no course —"),
        help_text=_("Students added to the group get access to this course."),
    )
    colour = forms.CharField(
        label=_("Colour"),
        initial="#2f6fed",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text=_("The group's lessons have this colour in the calendar."),
    )

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        # Only courses this teacher teaches or owns (any translation of them).
        self.fields["course"].queryset = (
            CoursePage.objects.filter(Q(teacher=teacher) | Q(owner=teacher))
            .select_related("locale")
            .order_by("title", "pk")
        )
        self.fields["course"].label_from_instance = self._course_label

    @staticmethod
    def _course_label(course: CoursePage) -> str:
        return f"{course.title} ({course.locale.language_code})"

    def clean_colour(self) -> str:
        colour = self.cleaned_data["colour"].strip()
        if not COLOUR.match(colour):
            raise forms.ValidationError(_("Enter a colour like #2f6fed."))
        return colour.lower()


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Student's e-mail"),
        help_text=_("They get an e-mail and join the group only if they accept."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "placeholder": "name@example.com"}),
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Group code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class _TimesMixin:
    """Shared check of the one-off, the weekly and the weekly-edit form."""

    def _check_times(self, cleaned: dict) -> None:
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The lesson must end after it starts."))


class _NewEntryForm(_TimesMixin, forms.Form):
    """What a one-off and a weekly lesson share: the teacher's group, a title, wall-clock
    times in a time zone. Subclasses add their dates and set ``field_order``."""

    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = teacher_groups(teacher)
        self.fields["timezone"].initial = settings.TIME_ZONE

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_times(cleaned)
        return cleaned


class LessonForm(_NewEntryForm):
    """A one-off lesson: a date and wall-clock times in a time zone."""

    date = forms.DateField(label=_("Date"), widget=DateInput())

    field_order = ["group", "title", "date", "start_time", "end_time", "timezone"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            zone = zoneinfo.ZoneInfo(cleaned["timezone"])
            cleaned["start"] = dt.datetime.combine(
                cleaned["date"], cleaned["start_time"], tzinfo=zone
            )
            cleaned["end"] = dt.datetime.combine(cleaned["date"], cleaned["end_time"], tzinfo=zone)
        return cleaned


class RuleForm(_NewEntryForm):
    """A weekly lesson (a rule): weekday, which weeks, times, first date and "repeat until"."""

    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=RecurringLesson.Weekday.choices, coerce=int
    )
    week_type = forms.ChoiceField(
        label=_("Weeks"),
        choices=RecurringLesson.WeekType.choices,
        initial=RecurringLesson.WeekType.ALL,
        help_text=_(
            "Upper and lower weeks alternate; the week containing the start date is an upper week."
        ),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("Repeat until"), widget=DateInput())
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        help_text=_("Lessons keep their wall-clock time in this zone when clocks change."),
    )

    field_order = [
        "group",
        "title",
        "weekday",
        "week_type",
        "start_time",
        "end_time",
        "start_date",
        "end_date",
        "timezone",
    ]

    def clean(self) -> dict:
        cleaned = super().clean()
        first, until = cleaned.get("start_date"), cleaned.get("end_date")
        if first and until and until < first:
            self.add_error("end_date", _("“Repeat until” cannot be before the start date."))
        return cleaned


class RuleEditForm(_TimesMixin, forms.Form):
    """A weekly lesson changed from one date on (earlier dates keep the old times)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=RecurringLesson.Weekday.choices, coerce=int
    )
    week_type = forms.ChoiceField(
        label=_("Weeks"),
        choices=RecurringLesson.WeekType.choices,
        help_text=_(
            "Upper and lower weeks alternate; the week containing the start date is an upper week."
        ),
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    end_date = forms.DateField(label=_("Repeat until"), widget=DateInput())
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    FIELDS = ("title", "weekday", "week_type", "start_time", "end_time", "end_date", "timezone")

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_times(cleaned)
        return cleaned

    def changes(self, rule: RecurringLesson) -> dict:
        """Only what differs from the rule: the service then keeps everything else."""
        return {
            name: self.cleaned_data[name]
            for name in self.FIELDS
            if self.cleaned_data[name] != getattr(rule, name)
        }


class AttendanceForm(forms.Form):
    """The whole group on one screen: a status and a note per student, everyone present first."""

    def __init__(self, *args, students, records: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = list(students)
        for student in self.students:
            record = records.get(student.pk)
            self.fields[f"status_{student.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=Attendance.Status.choices,
                initial=record.status if record else Attendance.Status.PRESENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{student.pk}"] = forms.CharField(
                label=_("Note"),
                max_length=255,
                required=False,
                initial=record.note if record else "",
            )

    def rows(self):
        for student in self.students:
            yield student, self[f"status_{student.pk}"], self[f"note_{student.pk}"]

    def marks(self) -> dict[int, tuple[str, str]]:
        """student id → (status, note)."""
        return {
            student.pk: (
                self.cleaned_data[f"status_{student.pk}"],
                self.cleaned_data[f"note_{student.pk}"].strip(),
            )
            for student in self.students
        }


class CalendarNarrowingForm(forms.Form):
    """Staff narrow the school's calendar to one teacher, group or course (a GET form).

    Plain choices, checked against the lists shown: an id that is not offered is an error on
    its field and narrows nothing, without a query per value.
    """

    _not_offered = {"invalid_choice": _("not in the list; the calendar shows all.")}
    teacher = forms.ChoiceField(label=_("Teacher"), required=False, error_messages=_not_offered)
    group = forms.ChoiceField(label=_("Group"), required=False, error_messages=_not_offered)
    course = forms.ChoiceField(label=_("Course"), required=False, error_messages=_not_offered)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        teachers = (
            User.objects.filter(teaching_groups__isnull=False)
            .distinct()
            .order_by("last_name", "first_name", "email")
        )
        courses = (
            CoursePage.objects.filter(groups__isnull=False)
            .distinct()
            .select_related("locale")
            .order_by("title", "pk")
        )
        self.fields["teacher"].choices = [("", _("All teachers"))] + [
            (str(person.public_id), person.get_full_name() or person.email) for person in teachers
        ]
        self.fields["group"].choices = [("", _("All groups"))] + [
            (str(group.pk), group.name) for group in Group.objects.order_by("name", "pk")
        ]
        self.fields["course"].choices = [("", _("All courses"))] + [
            (str(course.pk), GroupForm._course_label(course)) for course in courses
        ]

    def narrowing(self) -> dict:
        """The valid choices as ``Narrowing`` fields (a public id, ids); empty ones left out."""
        self.is_valid()  # cleaned_data then holds the fields that are valid
        data = self.cleaned_data
        found: dict = {}
        if data.get("teacher"):
            found["teacher"] = uuid.UUID(data["teacher"])
        for name in ("group", "course"):
            if data.get(name):
                found[name] = int(data[name])
        return found


HOURS_TEXT = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})\s*$")


def parse_ranges(text: str) -> list[tuple[dt.time, dt.time]]:
    """ "09:00-12:00, 14:00-18:00" as pairs of times; a bad part is a ValidationError."""
    ranges = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = HOURS_TEXT.match(part)
        try:
            if match is None:
                raise ValueError(part)
            a, b, c, d = (int(g) for g in match.groups())
            ranges.append((dt.time(a, b), dt.time(c, d)))
        except ValueError as error:
            raise forms.ValidationError(
                _("Write hours like 09:00-12:00, 14:00-18:00."), code="hours"
            ) from error
    return ranges


class AvailabilityForm(forms.Form):
    """A tutor's weekly hours: one line of ranges per weekday, and date exceptions, one a line
    ("2030-12-31" for a day off, "2030-12-28 10:00-11:00, 15:00-16:00" for other hours)."""

    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    exceptions = forms.CharField(
        label=_("Exceptions"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "2030-12-31\n2030-12-28 10:00-11:00"}
        ),
        help_text=_(
            "One date a line: the date alone for a day off, or the date and that day's hours."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for value, label in RecurringLesson.Weekday.choices:
            self.fields[f"day_{value}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "09:00-12:00, 14:00-18:00"}),
            )
        self.order_fields(
            ["timezone", *(f"day_{v}" for v, _label in RecurringLesson.Weekday.choices)]
        )

    def clean(self) -> dict:
        data = super().clean()
        ranges = []
        for value, _label in RecurringLesson.Weekday.choices:
            try:
                pairs = parse_ranges(data.get(f"day_{value}", ""))
            except forms.ValidationError as error:
                self.add_error(f"day_{value}", error)
                continue
            ranges += [(value, a, b) for a, b in pairs]
        exceptions = []
        for line in filter(None, (x.strip() for x in data.get("exceptions", "").splitlines())):
            day, _space, rest = line.partition(" ")
            try:
                date = dt.date.fromisoformat(day)
                pairs = parse_ranges(rest)
            except (ValueError, forms.ValidationError):
                self.add_error(
                    "exceptions",
                    _("Write each exception as 2030-12-31 or 2030-12-28 10:00-11:00."),
                )
                break
            exceptions += [(date, a, b) for a, b in pairs] or [(date, None, None)]
        data["ranges"], data["dates"] = ranges, exceptions
        return data

    @classmethod
    def initial_for(cls, availability) -> dict:
        """The form's fields from stored hours (None: none yet)."""
        if availability is None:
            return {"timezone": settings.TIME_ZONE}
        initial = {"timezone": availability.timezone}
        for value, _label in RecurringLesson.Weekday.choices:
            initial[f"day_{value}"] = ", ".join(
                f"{r.start_time:%H:%M}-{r.end_time:%H:%M}"
                for r in availability.ranges.all()
                if r.weekday == value
            )
        lines: dict = {}
        for e in availability.exceptions.all():
            times = lines.setdefault(e.date, [])
            if e.start_time is not None:
                times.append(f"{e.start_time:%H:%M}-{e.end_time:%H:%M}")
        initial["exceptions"] = "\n".join(
            f"{day.isoformat()} {', '.join(times)}".strip() for day, times in lines.items()
        )
        return initial
