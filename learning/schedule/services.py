"""Groups, the timetable, conflicts, attendance and calendar feeds: the rules pages and API use.

Decisions worth knowing:

- Cancelled occurrences (a cancelling exception, or a stored lesson with status cancelled)
  are left out of ``occurrences_for`` / ``all_occurrences`` unless ``include_cancelled=True``
  asks for them (then with status "cancelled"). Conflict checks, reminders and the pool's
  capacity planning never see them.
- A stored lesson made from a rule's occurrence is the truth for that date; moving or
  cancelling it also writes the rule's exception record, so the two never disagree.
- Conflicts: a lesson or rule overlapping another (not cancelled) of the same teacher or the
  same group is refused with ``Conflict``; touching end to start (10:00–11:00, 11:00–12:00)
  is no clash. Moving one occurrence ignores only that occurrence's own old slot.
- Capacity: after a successful create or move, still inside the transaction (so the database
  already holds the new state), ``learning.zoompool.services.capacity_warning(start, end,
  ignore_key=key)`` is asked when it exists; ``key`` is the key the new or moved occurrence
  now has, so the pool counts the other lessons overlapping [start, end) plus this one. With
  ``settings.ZOOMPOOL_CAPACITY_HARD_LIMIT`` a warning becomes a ``Conflict`` and nothing is saved.
  For a rule, its next ``RULE_CAPACITY_CHECKS`` future occurrences are asked, up to the first
  warning.
- Editing a rule from a date (``update_rule_from``) splits it: the old rule ends the day
  before, a new rule starts on that date. Upper and lower weeks keep meaning the same
  calendar weeks across the split. Exceptions and stored lessons on or after the date move to
  the new rule when it has an occurrence on their date (moved exceptions keep their new time,
  stored scheduled lessons not moved by hand take the new times); the other exceptions are
  dropped, the other stored lessons stay as one-off lessons at their times.
- Removing a student from a group closes their enrollment in the group's course only when that
  enrollment came from a group, is still active, and no other group of theirs gives the
  course (status "expired"); a completed course stays completed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User, normalize_email
from courses.models import CoursePage
from courses.services import is_staff, teaches

from . import recurrence
from .models import (
    Attendance,
    CalendarFeed,
    Group,
    LessonException,
    LiveLesson,
    Membership,
    RecurringLesson,
    new_feed_token,
)
from .recurrence import Occurrence

DEFAULT_COLOUR = "#2f6fed"
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_LESSON = timedelta(hours=12)
MAX_RULE_DAYS = 5 * 366
RULE_CAPACITY_CHECKS = 20
# Attendance can be marked from a little before the start (the teacher opens the room early).
ATTENDANCE_FROM = timedelta(minutes=15)
DAY = timedelta(days=1)
OCCURRENCE_FIELDS = (
    "id",
    "group_id",
    "teacher_id",
    "title",
    "start",
    "end",
    "status",
    "rule_id",
    "occurrence_date",
)

Status = LiveLesson.Status


class Conflict(ValidationError):
    """The change would make two lessons of one teacher or group overlap (or overfill the pool).

    ``clash`` is the occurrence in the way, when there is one.
    """

    def __init__(self, message: str, clash: Occurrence | None = None) -> None:
        super().__init__(message, code="conflict")
        self.clash = clash


class NotFound(ObjectDoesNotExist):
    """No lesson or occurrence with that key."""


# ---------------------------------------------------------------------------------------------
# Who may do what


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


def can_manage_group(user, group: Group) -> bool:
    """The group's teacher and staff edit a group, its timetable and its attendance."""
    return _authenticated(user) and (is_staff(user) or group.teacher_id == user.pk)


def is_member(user, group: Group) -> bool:
    return _authenticated(user) and group.memberships.filter(student=user).exists()


def can_view_group(user, group: Group) -> bool:
    return can_manage_group(user, group) or is_member(user, group)


def can_create_groups(user) -> bool:
    return _authenticated(user) and (is_staff(user) or user.is_teacher)


def _require_manage(user, group: Group) -> None:
    if not can_manage_group(user, group):
        raise PermissionDenied(_("Only the group's teacher can change its group and timetable."))


def _require_view(user, group: Group) -> None:
    if not can_view_group(user, group):
        raise PermissionDenied(_("This lesson belongs to a group you are not in."))


# ---------------------------------------------------------------------------------------------
# Groups


def _clean_group_fields(user, name: str | None, colour: str | None, course) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if name is not None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": _("Give the group a name.")})
        if len(name) > 200:
            raise ValidationError({"name": _("The name is too long (200 characters at most).")})
        fields["name"] = name
    if colour is not None:
        if not COLOUR_RE.match(colour):
            raise ValidationError({"colour": _("Give the colour as #rrggbb, e.g. #2f6fed.")})
        fields["colour"] = colour.lower()
    if course is not None:
        if not isinstance(course, CoursePage):
            raise ValidationError({"course": _("Choose a course.")})
        # Members get the course for free: only its teacher (or staff) may tie a group to it.
        if not (is_staff(user) or teaches(user, course)):
            raise ValidationError({"course": _("You can only tie a group to a course you teach.")})
    return fields


@transaction.atomic
def create_group(
    teacher, name: str, course: CoursePage | None = None, colour: str = DEFAULT_COLOUR
) -> Group:
    if not can_create_groups(teacher):
        raise PermissionDenied(_("Only teachers can create groups."))
    fields = _clean_group_fields(teacher, name, colour, course)
    return Group.objects.create(teacher=teacher, course=course, **fields)


_UNSET: Any = object()


@transaction.atomic
def update_group(
    user, group: Group, *, name: str | None = None, colour: str | None = None, course=_UNSET
) -> Group:
    """Rename, recolour or re-tie a group to a course (``course=None`` unties it).

    Members get the new course; group-given access to the old one closes (see the module's
    notes), in the same transaction.
    """
    _require_manage(user, group)
    fields = _clean_group_fields(user, name, colour, None if course is _UNSET else course)
    old_course = group.course
    for field, value in fields.items():
        setattr(group, field, value)
    if course is not _UNSET:
        group.course = course
    group.save()
    if course is not _UNSET and getattr(course, "pk", None) != getattr(old_course, "pk", None):
        for student in group.students.all():
            if course is not None:
                _sync_access(student, course)
            if old_course is not None:
                _sync_access(student, old_course)
    return group


@transaction.atomic
def delete_group(user, group: Group) -> None:
    """Delete a group with its timetable and attendance; refused while a lesson of it is live."""
    _require_manage(user, group)
    if group.lessons.filter(status=Status.LIVE).exists():
        raise ValidationError(_("A lesson of this group is live now; end it first."))
    students = list(group.students.all())
    course = group.course
    group.delete()
    if course is not None:
        for student in students:
            _sync_access(student, course)


def find_user_by_email(email: str) -> User:
    address = normalize_email(email)
    if not address:
        raise ValidationError({"email": _("Enter the student's e-mail address.")})
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _("No one with the e-mail %(email)s is registered on the site.")
                % {"email": address}
            }
        )
    return user


@transaction.atomic
def add_student(teacher, group: Group, email: str) -> Membership:
    """Add a registered person (found by e-mail, any case) to the group.

    A group tied to a course gives its members that course (enrollment source "group").
    """
    _require_manage(teacher, group)
    student = find_user_by_email(email)
    if student.pk == group.teacher_id:
        raise ValidationError({"email": _("The group's teacher cannot be its student.")})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, student=student)
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("%(email)s is already in this group.") % {"email": student.email}}
        ) from error
    if group.course is not None:
        _sync_access(student, group.course)
    return membership


@transaction.atomic
def remove_student(teacher, group: Group, student) -> None:
    _require_manage(teacher, group)
    deleted, _rows = Membership.objects.filter(group=group, student=student).delete()
    if not deleted:
        raise ValidationError({"id": _("This person is not in the group.")})
    if group.course is not None:
        _sync_access(student, group.course)


def _sync_access(student, course: CoursePage) -> None:
    """A group-given enrollment lives as long as the person is in a group tied to the course."""
    from learning.enrollment.models import Enrollment
    from learning.enrollment.services import grant, revoke

    in_a_group = Membership.objects.filter(
        student=student, group__course__translation_key=course.translation_key
    ).exists()
    if in_a_group:
        grant(student, course, Enrollment.Source.GROUP)
        return
    for enrollment in Enrollment.objects.filter(
        user=student,
        course__translation_key=course.translation_key,
        source=Enrollment.Source.GROUP,
        status=Enrollment.Status.ACTIVE,
    ):
        revoke(enrollment, Enrollment.Status.EXPIRED)


def groups_for(user) -> QuerySet[Group]:
    """The groups a person teaches or is in (staff: every group), with their student counts."""
    queryset = (
        Group.objects.select_related("teacher", "course")
        .annotate(students_count=Count("memberships", distinct=True))
        .order_by("name", "pk")  # Meta.ordering does not survive the GROUP BY
    )
    if is_staff(user):
        return queryset
    if not _authenticated(user):
        return queryset.none()
    member_of = Membership.objects.filter(student=user).values("group_id")
    return queryset.filter(Q(teacher=user) | Q(pk__in=member_of))


# ---------------------------------------------------------------------------------------------
# Reading the timetable


def rules_for(user) -> QuerySet[RecurringLesson]:
    """The rules a person teaches or whose group they are in (staff: all)."""
    queryset = RecurringLesson.objects.select_related("group")
    if is_staff(user):
        return queryset
    if not _authenticated(user):
        return queryset.none()
    return queryset.filter(_people_filters(user)[0])


def lessons_for(user) -> QuerySet[LiveLesson]:
    """The stored lessons a person teaches or whose group they are in (staff: all)."""
    queryset = LiveLesson.objects.select_related("group")
    if is_staff(user):
        return queryset
    if not _authenticated(user):
        return queryset.none()
    return queryset.filter(_people_filters(user)[1])


def can_edit_occurrence(user, occurrence: Occurrence, group_teacher_id: int | None = None) -> bool:
    """Whether the calendar lets this person drag or change the occurrence."""
    return occurrence_editor(user)(occurrence, group_teacher_id)


def occurrence_editor(user) -> Callable[[Occurrence, int | None], bool]:
    """``can_edit_occurrence`` for one person and many occurrences (the user read once)."""
    if not _authenticated(user):
        return lambda occurrence, group_teacher_id=None: False
    staff, pk = is_staff(user), user.pk

    def can_edit(occurrence: Occurrence, group_teacher_id: int | None = None) -> bool:
        if occurrence.status != Status.SCHEDULED:
            return False
        return staff or pk in (occurrence.teacher_id, group_teacher_id)

    return can_edit


def _aware(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError({field: _("Give a date and time.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _check_window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = _aware(start, "start"), _aware(end, "end")
    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    return start, end


def _people_filters(user) -> tuple[Q, Q]:
    """(rule filter, lesson filter) for what a person teaches or attends."""
    member_of = Membership.objects.filter(student=user).values("group_id")
    rules = Q(teacher=user) | Q(group__teacher=user) | Q(group_id__in=member_of)
    lessons = Q(teacher=user) | Q(group__teacher=user) | Q(group_id__in=member_of)
    return rules, lessons


def _collect(
    rule_filter: Q,
    lesson_filter: Q,
    start: datetime,
    end: datetime,
    *,
    include_cancelled: bool = False,
    regular: Callable[[RecurringLesson], bool] | None = None,
) -> list[Occurrence]:
    """Occurrences of the rules and lessons matching the filters that meet [start, end).

    Three queries whatever the number of rules (a fourth only when an occurrence of a rule
    outside the dates was moved into the window). A day's margin on each side covers the
    time zones: the rules' local dates are at most 14 hours away from UTC's. Stored lessons
    and moved occurrences are found by their start from ``start - MAX_LESSON`` on, so the
    (teacher, start) and (group, start) indexes serve a range, whatever the history.
    """
    first = start.astimezone(UTC).date() - DAY
    last = end.astimezone(UTC).date() + DAY
    earliest = start - MAX_LESSON
    in_dates = Q(start_date__lte=last, end_date__gte=first)
    rules = {r.pk: r for r in RecurringLesson.objects.filter(rule_filter & in_dates)}
    # Ids as a list for an ordinary timetable; a subquery for everyone's (the pool, reminders).
    rule_ids = (
        list(rules)
        if len(rules) <= 1000
        else RecurringLesson.objects.filter(rule_filter & in_dates).values("pk")
    )
    exceptions = list(
        LessonException.objects.filter(
            Q(rule_id__in=rule_ids, original_date__range=(first, last))
            | Q(
                rule_id__in=RecurringLesson.objects.filter(rule_filter).values("pk"),
                new_start__lt=end,
                new_start__gt=earliest,
                new_end__gt=start,
            )
        )
    )
    missing = {e.rule_id for e in exceptions} - set(rules)
    if missing:
        rules.update((rule.pk, rule) for rule in RecurringLesson.objects.filter(pk__in=missing))
    people = (
        LiveLesson.objects.filter(lesson_filter)
        .order_by()
        .only(*OCCURRENCE_FIELDS)  # what an Occurrence holds: not the Zoom URLs
    )
    # Two simple queries in one: the lessons in the window, and the stored occurrences of the
    # rules' dates in it (moved away, they still hide their rule's expanded occurrence).
    lessons = people.filter(start__lt=end, start__gt=earliest, end__gt=start).union(
        people.filter(rule_id__in=rule_ids, occurrence_date__range=(first, last))
    )
    return recurrence.merge(
        rules.values(),
        exceptions,
        lessons,
        start,
        end,
        include_cancelled=include_cancelled,
        regular=regular,
    )


def occurrences_for(
    user, start: datetime, end: datetime, *, include_cancelled: bool = False
) -> list[Occurrence]:
    """A teacher's lessons and their groups' rules, a student's groups' ones, sorted by start."""
    start, end = _check_window(start, end)
    if not _authenticated(user):
        return []
    rules, lessons = _people_filters(user)
    return _collect(rules, lessons, start, end, include_cancelled=include_cancelled)


def all_occurrences(
    start: datetime, end: datetime, *, include_cancelled: bool = False
) -> list[Occurrence]:
    """Everyone's occurrences in the window (the pool's capacity planning, reminders)."""
    start, end = _check_window(start, end)
    return _collect(Q(), Q(), start, end, include_cancelled=include_cancelled)


def occurrence_by_key(user, key: str) -> Occurrence:
    """The occurrence behind a key, read only (nothing stored). A rule occurrence already
    stored comes back as the stored lesson (key "lesson:<id>")."""
    try:
        kind, pk, day = recurrence.parse_key(key)
    except ValueError as error:
        raise NotFound(key) from error
    if kind == "lesson":
        lesson = LiveLesson.objects.select_related("group").filter(pk=pk).first()
        if lesson is None:
            raise NotFound(key)
        _require_view(user, lesson.group)
        return recurrence.from_lesson(lesson)
    rule = RecurringLesson.objects.select_related("group").filter(pk=pk).first()
    if rule is None or not recurrence.is_occurrence_date(rule, day):
        raise NotFound(key)
    _require_view(user, rule.group)
    stored = LiveLesson.objects.filter(rule=rule, occurrence_date=day).first()
    if stored is not None:
        return recurrence.from_lesson(stored)
    exception = LessonException.objects.filter(rule=rule, original_date=day).first()
    start, end = recurrence.occurrence_times(rule, day)
    status = Status.SCHEDULED
    if exception is not None and exception.cancelled:
        status = Status.CANCELLED
    elif exception is not None and exception.new_start is not None:
        start, end = exception.new_start, exception.new_end
    return Occurrence(
        key=recurrence.rule_key(rule.pk, day),
        title=rule.title,
        start=start,
        end=end,
        group_id=rule.group_id,
        teacher_id=rule.teacher_id,
        rule_id=rule.pk,
        occurrence_date=day,
        lesson_id=None,
        status=status,
    )


def lesson_by_key(user, key: str) -> LiveLesson:
    """The stored lesson behind a key, storing a rule's occurrence first if needed.

    For actions that record something (start, attendance, homework); the person must be the
    group's teacher, staff or a member. Reading a page should use ``occurrence_by_key``.
    """
    try:
        kind, pk, day = recurrence.parse_key(key)
    except ValueError as error:
        raise NotFound(key) from error
    if kind == "lesson":
        lesson = LiveLesson.objects.select_related("group").filter(pk=pk).first()
        if lesson is None:
            raise NotFound(key)
        _require_view(user, lesson.group)
        return lesson
    rule = RecurringLesson.objects.select_related("group").filter(pk=pk).first()
    if rule is None or not recurrence.is_occurrence_date(rule, day):
        raise NotFound(key)
    _require_view(user, rule.group)
    return lesson_for_occurrence(rule, day)


def lesson_for_occurrence(rule: RecurringLesson, occurrence_date: date) -> LiveLesson:
    """The stored lesson of one occurrence, made on first need; safe to call concurrently.

    Takes the moved time if the occurrence was moved; a cancelled occurrence is stored as a
    cancelled lesson. No permission check: callers check.
    """
    if not recurrence.is_occurrence_date(rule, occurrence_date):
        raise ValidationError(
            {"date": _("The rule has no lesson on %(date)s.") % {"date": _day(occurrence_date)}}
        )
    existing = LiveLesson.objects.filter(rule=rule, occurrence_date=occurrence_date).first()
    if existing is not None:
        return existing
    exception = LessonException.objects.filter(rule=rule, original_date=occurrence_date).first()
    start, end = recurrence.occurrence_times(rule, occurrence_date)
    if exception is not None and exception.new_start is not None:
        start, end = exception.new_start, exception.new_end
    cancelled = exception is not None and exception.cancelled
    try:
        with transaction.atomic():
            return LiveLesson.objects.create(
                group_id=rule.group_id,
                teacher_id=rule.teacher_id,
                title=rule.title,
                start=start,
                end=end,
                rule=rule,
                occurrence_date=occurrence_date,
                homework_id=rule.homework_id,
                status=Status.CANCELLED if cancelled else Status.SCHEDULED,
            )
    except IntegrityError:
        # Another request stored it first (the unique constraint on rule and date).
        return LiveLesson.objects.get(rule=rule, occurrence_date=occurrence_date)


# ---------------------------------------------------------------------------------------------
# Conflicts and capacity


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _when(start: datetime, end: datetime) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    return "{} {}–{}".format(
        formats.date_format(start, "SHORT_DATE_FORMAT"),
        formats.time_format(start, "H:i"),
        formats.time_format(end, "H:i"),
    )


def _conflict(clash: Occurrence) -> Conflict:
    group = Group.objects.filter(pk=clash.group_id).values_list("name", flat=True).first()
    return Conflict(
        _("This overlaps “%(title)s” (group %(group)s) on %(when)s.")
        % {"title": clash.title, "group": group or "—", "when": _when(clash.start, clash.end)},
        clash,
    )


def _lock(teacher_id: int, group_id: int) -> None:
    """Serialise timetable changes of one teacher and group (a no-op on SQLite, which
    serialises writers anyway), so two requests cannot both pass the conflict check."""
    list(User.objects.select_for_update().filter(pk=teacher_id).values_list("pk", flat=True))
    list(Group.objects.select_for_update().filter(pk=group_id).values_list("pk", flat=True))


def _same_people(teacher_id: int, group_id: int) -> tuple[Q, Q]:
    rules = Q(teacher_id=teacher_id) | Q(group_id=group_id) | Q(group__teacher_id=teacher_id)
    lessons = Q(teacher_id=teacher_id) | Q(group_id=group_id) | Q(group__teacher_id=teacher_id)
    return rules, lessons


def _check_slot(
    teacher_id: int,
    group_id: int,
    start: datetime,
    end: datetime,
    ignore: Callable[[Occurrence], bool] = lambda occurrence: False,
) -> None:
    """Refuse [start, end) when another lesson of the teacher or the group overlaps it."""
    rules, lessons = _same_people(teacher_id, group_id)
    for other in _collect(rules, lessons, start, end):
        if not ignore(other) and other.overlaps(start, end):
            raise _conflict(other)


def _check_rule(
    rule: RecurringLesson,
    exceptions: Iterable[LessonException] = (),
    ignore: Callable[[Occurrence], bool] = lambda occurrence: False,
) -> None:
    """Refuse a rule (saved or not) one of whose occurrences overlaps another lesson.

    Only rules of the teacher or group whose dates meet the rule's are read; of those, the ones
    that share the weekday and time (by arithmetic) are expanded date by date, the others
    contribute only their moved occurrences. Stored lessons in the range are all compared.
    """
    span_start, span_end = recurrence.rule_span(rule)
    candidates = list(recurrence.expand_rule(rule, span_start, span_end, exceptions))
    if not candidates:
        return
    rules, lessons = _same_people(rule.teacher_id, rule.group_id)
    others = _collect(
        rules,
        lessons,
        candidates[0].start,
        candidates[-1].end,
        regular=lambda other: recurrence.may_share_times(rule, other),
    )
    others = [o for o in others if not ignore(o)]
    clash = recurrence.first_overlap(candidates, others)
    if clash is not None:
        raise _conflict(clash[1])


def hard_capacity_limit() -> bool:
    """Staff's switch: refuse, rather than warn about, lessons the pool cannot host."""
    return bool(getattr(settings, "ZOOMPOOL_CAPACITY_HARD_LIMIT", False))


def _capacity(start: datetime, end: datetime, key: str) -> str | None:
    """The pool's warning for one more lesson at [start, end), if the pool app offers one."""
    try:
        from learning.zoompool import services as pool
    except ImportError:
        return None
    check = getattr(pool, "capacity_warning", None)
    if check is None:
        return None
    warning = check(start, end, ignore_key=key)
    if not warning:
        return None
    if hard_capacity_limit():
        raise Conflict(str(warning))
    return str(warning)


def _rule_capacity(rule: RecurringLesson) -> str | None:
    now = timezone.now()
    span_start, span_end = recurrence.rule_span(rule)
    exceptions = list(rule.exceptions.all())
    upcoming = recurrence.expand_rule(rule, max(now, span_start), span_end, exceptions)
    for checked, occurrence in enumerate(upcoming, start=1):
        warning = _capacity(occurrence.start, occurrence.end, occurrence.key)
        if warning or checked >= RULE_CAPACITY_CHECKS:
            return warning
    return None


# ---------------------------------------------------------------------------------------------
# One-off lessons


def _clean_title(title: str | None) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the lesson a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("The title is too long (200 characters at most).")})
    return title


def _clean_times(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = _aware(start, "start"), _aware(end, "end")
    if end <= start:
        raise ValidationError({"end": _("The lesson must end after it starts.")})
    if end - start > MAX_LESSON:
        raise ValidationError({"end": _("A lesson can last 12 hours at most.")})
    return start, end


def _clean_homework(user, homework):
    if homework is None:
        return None
    from learning.homework.services import manageable_homework

    if not manageable_homework(user).filter(pk=homework.pk).exists():
        raise ValidationError({"homework": _("You can only give homework you manage.")})
    return homework


@transaction.atomic
def create_lesson(
    teacher,
    group: Group,
    *,
    title: str,
    start: datetime,
    end: datetime,
    homework=None,
) -> tuple[LiveLesson, str | None]:
    """A one-off lesson for the group; returns (lesson, the pool's capacity warning or None)."""
    _require_manage(teacher, group)
    title = _clean_title(title)
    start, end = _clean_times(start, end)
    homework = _clean_homework(teacher, homework)
    _lock(group.teacher_id, group.pk)
    _check_slot(group.teacher_id, group.pk, start, end)
    lesson = LiveLesson.objects.create(
        group=group,
        teacher_id=group.teacher_id,
        title=title,
        start=start,
        end=end,
        homework=homework,
    )
    warning = _capacity(start, end, recurrence.lesson_key(lesson.pk))
    return lesson, warning


LESSON_FIELDS = {"title", "start", "end", "homework"}


@transaction.atomic
def update_lesson(user, lesson: LiveLesson, **changes) -> tuple[LiveLesson, str | None]:
    """Change a lesson's title, homework or times (times only while it is scheduled).

    Moving a stored occurrence of a rule also records the move on the rule's exception.
    """
    unknown = set(changes) - LESSON_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    group = lesson.group
    _require_manage(user, group)
    if "title" in changes:
        lesson.title = _clean_title(changes["title"])
    if "homework" in changes:
        lesson.homework = _clean_homework(user, changes["homework"])
    moved = False
    if "start" in changes or "end" in changes:
        start, end = _clean_times(
            changes.get("start", lesson.start), changes.get("end", lesson.end)
        )
        moved = (start, end) != (lesson.start, lesson.end)
    warning = None
    if moved:
        if lesson.status != Status.SCHEDULED:
            raise ValidationError(
                {
                    "start": _("Only a scheduled lesson can be moved; this one is %(status)s.")
                    % {"status": lesson.get_status_display()}
                }
            )
        _lock(lesson.teacher_id, lesson.group_id)
        _check_slot(lesson.teacher_id, lesson.group_id, start, end, ignore=_same_as(lesson))
        lesson.start, lesson.end = start, end
        if lesson.rule_id is not None and lesson.occurrence_date is not None:
            LessonException.objects.update_or_create(
                rule_id=lesson.rule_id,
                original_date=lesson.occurrence_date,
                defaults={"cancelled": False, "new_start": start, "new_end": end},
            )
    lesson.save()
    if moved:
        warning = _capacity(start, end, recurrence.lesson_key(lesson.pk))
    return lesson, warning


def _same_as(lesson: LiveLesson) -> Callable[[Occurrence], bool]:
    def same(occurrence: Occurrence) -> bool:
        return occurrence.lesson_id == lesson.pk or (
            lesson.rule_id is not None
            and (occurrence.rule_id, occurrence.occurrence_date)
            == (lesson.rule_id, lesson.occurrence_date)
        )

    return same


@transaction.atomic
def cancel_lesson(user, lesson: LiveLesson) -> LiveLesson:
    """Cancel a scheduled lesson (a rule's occurrence: also on the rule's exception record)."""
    _require_manage(user, lesson.group)
    if lesson.status == Status.CANCELLED:
        return lesson
    if lesson.status != Status.SCHEDULED:
        raise ValidationError(
            _("Only a scheduled lesson can be cancelled; this one is %(status)s.")
            % {"status": lesson.get_status_display()}
        )
    lesson.status = Status.CANCELLED
    lesson.save(update_fields=["status"])
    if lesson.rule_id is not None and lesson.occurrence_date is not None:
        LessonException.objects.update_or_create(
            rule_id=lesson.rule_id,
            original_date=lesson.occurrence_date,
            defaults={"cancelled": True, "new_start": None, "new_end": None},
        )
    return lesson


# ---------------------------------------------------------------------------------------------
# Rules


RULE_FIELDS = {
    "title",
    "weekday",
    "week_type",
    "start_time",
    "end_time",
    "start_date",
    "end_date",
    "timezone",
    "homework",
}


def _clean_rule(user, rule: RecurringLesson) -> None:
    """Check a rule's own fields (not its clashes); errors name the field."""
    rule.title = _clean_title(rule.title)
    if rule.weekday not in range(7):
        raise ValidationError({"weekday": _("Choose a weekday from 0 (Monday) to 6 (Sunday).")})
    if rule.week_type not in RecurringLesson.WeekType.values:
        raise ValidationError({"week_type": _("Choose every, upper or lower weeks.")})
    for field in ("start_time", "end_time"):
        if not isinstance(getattr(rule, field), time):
            raise ValidationError({field: _("Give a time.")})
    if rule.end_time <= rule.start_time:
        raise ValidationError({"end_time": _("The lesson must end after it starts.")})
    for field in ("start_date", "end_date"):
        value = getattr(rule, field)
        if not isinstance(value, date) or isinstance(value, datetime):
            raise ValidationError({field: _("Give a date.")})
    if rule.end_date < rule.start_date:
        raise ValidationError({"end_date": _("“Repeat until” must not be before the first date.")})
    if (rule.end_date - rule.start_date).days > MAX_RULE_DAYS:
        raise ValidationError({"end_date": _("A rule can repeat for five years at most.")})
    try:
        ZoneInfo(rule.timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValidationError({"timezone": _("Unknown time zone.")}) from error
    if recurrence.first_date_from(rule, rule.start_date) is None:
        raise ValidationError(
            {"end_date": _("There is no lesson between these dates on that weekday and week.")}
        )
    rule.homework = _clean_homework(user, rule.homework)


@transaction.atomic
def create_rule(
    teacher,
    group: Group,
    *,
    title: str,
    weekday: int,
    week_type: str,
    start_time: time,
    end_time: time,
    start_date: date,
    end_date: date,
    timezone: str | None = None,
    homework=None,
) -> tuple[RecurringLesson, str | None]:
    """A weekly rule for the group; returns (rule, the pool's capacity warning or None)."""
    _require_manage(teacher, group)
    rule = RecurringLesson(
        group=group,
        teacher_id=group.teacher_id,
        title=title,
        weekday=weekday,
        week_type=week_type,
        start_time=start_time,
        end_time=end_time,
        start_date=start_date,
        end_date=end_date,
        timezone=timezone or settings.TIME_ZONE,
        homework=homework,
    )
    _clean_rule(teacher, rule)
    _lock(group.teacher_id, group.pk)
    _check_rule(rule)
    rule.save()
    return rule, _rule_capacity(rule)


def _valid_date(rule: RecurringLesson, original_date: date) -> None:
    if not isinstance(original_date, date) or not recurrence.is_occurrence_date(
        rule, original_date
    ):
        raise ValidationError(
            {"date": _("The rule has no lesson on %(date)s.") % {"date": original_date}}
        )


@transaction.atomic
def cancel_occurrence(user, rule: RecurringLesson, original_date: date) -> LessonException:
    """Cancel one occurrence, the rule untouched (its stored lesson too, if it has one)."""
    _require_manage(user, rule.group)
    _valid_date(rule, original_date)
    stored = LiveLesson.objects.filter(rule=rule, occurrence_date=original_date).first()
    if stored is not None and stored.status not in (Status.SCHEDULED, Status.CANCELLED):
        raise ValidationError(
            {
                "date": _("This lesson is %(status)s; it cannot be cancelled.")
                % {"status": stored.get_status_display()}
            }
        )
    if stored is not None and stored.status == Status.SCHEDULED:
        stored.status = Status.CANCELLED
        stored.save(update_fields=["status"])
    exception, _created = LessonException.objects.update_or_create(
        rule=rule,
        original_date=original_date,
        defaults={"cancelled": True, "new_start": None, "new_end": None},
    )
    return exception


@transaction.atomic
def move_occurrence(
    user, rule: RecurringLesson, original_date: date, new_start: datetime, new_end: datetime
) -> tuple[LessonException | None, str | None]:
    """Move one occurrence, the rule untouched; returns (exception, capacity warning).

    Moving it back to the rule's own time removes the exception (returns None for it). A
    cancelled occurrence moved somewhere is restored there.
    """
    _require_manage(user, rule.group)
    _valid_date(rule, original_date)
    new_start, new_end = _clean_times(new_start, new_end)
    stored = LiveLesson.objects.filter(rule=rule, occurrence_date=original_date).first()
    if stored is not None and stored.status not in (Status.SCHEDULED, Status.CANCELLED):
        raise ValidationError(
            {
                "date": _("This lesson is %(status)s; it cannot be moved.")
                % {"status": stored.get_status_display()}
            }
        )
    _lock(rule.teacher_id, rule.group_id)

    def same(occurrence: Occurrence) -> bool:
        return (occurrence.rule_id, occurrence.occurrence_date) == (rule.pk, original_date)

    _check_slot(rule.teacher_id, rule.group_id, new_start, new_end, ignore=same)
    exception = None
    if (new_start, new_end) == recurrence.occurrence_times(rule, original_date):
        LessonException.objects.filter(rule=rule, original_date=original_date).delete()
    else:
        exception, _created = LessonException.objects.update_or_create(
            rule=rule,
            original_date=original_date,
            defaults={"cancelled": False, "new_start": new_start, "new_end": new_end},
        )
    key = recurrence.rule_key(rule.pk, original_date)
    if stored is not None:
        stored.start, stored.end, stored.status = new_start, new_end, Status.SCHEDULED
        stored.save(update_fields=["start", "end", "status"])
        key = recurrence.lesson_key(stored.pk)
    return exception, _capacity(new_start, new_end, key)


@transaction.atomic
def update_rule_from(
    user, rule: RecurringLesson, from_date: date, **changes
) -> tuple[RecurringLesson, str | None]:
    """Change a rule from a date onwards; returns (the rule now in force from then, warning).

    On or before the rule's first date the rule itself changes (its start date too, if given);
    later, the rule splits (see the module's notes). Changing the group is not possible.
    """
    unknown = set(changes) - RULE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    _require_manage(user, rule.group)
    if not isinstance(from_date, date) or isinstance(from_date, datetime):
        raise ValidationError({"from_date": _("Give a date.")})
    if from_date > rule.end_date:
        raise ValidationError({"from_date": _("The rule has ended by then.")})
    in_place = from_date <= rule.start_date
    if not in_place and "start_date" in changes:
        raise ValidationError({"start_date": _("A rule changed from a date starts on that date.")})
    new = RecurringLesson(
        pk=rule.pk if in_place else None,
        group_id=rule.group_id,
        teacher_id=rule.teacher_id,
        created_at=rule.created_at if in_place else None,
        **{field: getattr(rule, field) for field in RULE_FIELDS - {"homework"}},
        homework_id=rule.homework_id,
    )
    for field, value in changes.items():
        setattr(new, field, value)
    if not in_place:
        new.start_date = from_date
        # Upper and lower weeks keep meaning the same calendar weeks after the split.
        if not recurrence.is_upper_week(rule, from_date):
            swap = {"upper": "lower", "lower": "upper"}
            new.week_type = swap.get(new.week_type, new.week_type)
    if "homework" in changes:
        _clean_rule(user, new)
    else:
        _clean_rule_keep_homework(user, new)
    _lock(rule.teacher_id, rule.group_id)

    exceptions = list(rule.exceptions.filter(original_date__gte=from_date))
    carried = [e for e in exceptions if recurrence.is_occurrence_date(new, e.original_date)]

    def replaced(occurrence: Occurrence) -> bool:
        # The old rule's occurrences from the date on are what the new rule replaces; its
        # stored lessons that the new rule cannot take stay where they are and still count.
        if occurrence.rule_id != rule.pk:
            return False
        day = occurrence.occurrence_date
        return (
            occurrence.lesson_id is None
            or day is None
            or day < from_date
            or recurrence.is_occurrence_date(new, day)
        )

    probe = replace_rule(new, pk=None)
    _check_rule(probe, carried, ignore=replaced)

    if in_place:
        new.save()
        target = new
    else:
        rule.end_date = from_date - DAY
        rule.save(update_fields=["end_date"])
        new.save()
        target = new
        LessonException.objects.filter(pk__in=[e.pk for e in carried]).update(rule=target)
    dropped = [e.pk for e in exceptions if e not in carried]
    LessonException.objects.filter(pk__in=dropped).delete()
    _carry_lessons(rule, target, from_date, {e.original_date: e for e in carried})
    return target, _rule_capacity(target)


def _clean_rule_keep_homework(user, rule: RecurringLesson) -> None:
    # The rule's own homework was checked when it was given; don't re-check another
    # teacher's (staff's) choice when only times change.
    homework_id = rule.homework_id
    rule.homework = None
    _clean_rule(user, rule)
    rule.homework_id = homework_id


def replace_rule(rule: RecurringLesson, **fields) -> RecurringLesson:
    """An unsaved copy of a rule with some fields changed."""
    copy = RecurringLesson(
        group_id=rule.group_id,
        teacher_id=rule.teacher_id,
        homework_id=rule.homework_id,
        **{field: getattr(rule, field) for field in RULE_FIELDS - {"homework"}},
    )
    copy.pk = rule.pk
    for field, value in fields.items():
        setattr(copy, field, value)
    return copy


def _carry_lessons(
    old: RecurringLesson,
    new: RecurringLesson,
    from_date: date,
    exceptions: Mapping[date, LessonException],
) -> None:
    """Stored lessons of the old rule from the date: to the new rule, or left as one-offs."""
    for lesson in LiveLesson.objects.filter(rule=old, occurrence_date__gte=from_date):
        day = lesson.occurrence_date
        if not recurrence.is_occurrence_date(new, day):
            lesson.rule, lesson.occurrence_date = None, None
            lesson.save(update_fields=["rule", "occurrence_date"])
            continue
        lesson.rule = new
        exception = exceptions.get(day)
        if lesson.status == Status.SCHEDULED and not (exception and exception.new_start):
            lesson.start, lesson.end = recurrence.occurrence_times(new, day)
            lesson.title = new.title
        lesson.save(update_fields=["rule", "start", "end", "title"])


@transaction.atomic
def delete_rule(user, rule: RecurringLesson) -> RecurringLesson | None:
    """End a rule: past occurrences stay in the calendar, future ones go.

    A rule that has not begun is deleted (returns None); one that has ends yesterday (in its
    time zone). Its future stored lessons still scheduled are cancelled.
    """
    _require_manage(user, rule.group)
    now = timezone.now()
    today = now.astimezone(recurrence.zone(rule.timezone)).date()
    LiveLesson.objects.filter(rule=rule, start__gte=now, status=Status.SCHEDULED).update(
        status=Status.CANCELLED
    )
    if rule.start_date >= today:
        LiveLesson.objects.filter(rule=rule).update(rule=None, occurrence_date=None)
        rule.delete()
        return None
    rule.end_date = min(rule.end_date, today - DAY)
    rule.save(update_fields=["end_date"])
    return rule


# ---------------------------------------------------------------------------------------------
# Attendance


def _parse_marks(marks: Mapping[int, Any]) -> dict[int, tuple[str, str]]:
    parsed = {}
    for student_id, value in marks.items():
        status, note = (value, "") if isinstance(value, str) else value
        if status not in Attendance.Status.values:
            raise ValidationError(
                {"marks": _("Unknown attendance status “%(status)s”.") % {"status": status}}
            )
        note = (note or "").strip()
        if len(note) > 255:
            raise ValidationError({"marks": _("A note can be 255 characters at most.")})
        parsed[int(student_id)] = (status, note)
    return parsed


@transaction.atomic
def mark_attendance(
    teacher, lesson: LiveLesson, marks: Mapping[int, tuple[str, str] | str]
) -> list[Attendance]:
    """Record attendance for the whole group at once.

    ``marks`` maps student ids to (status, note); a member not in it keeps their record, or
    is marked present if they have none ("everyone present" by default). Only the group's
    members can be marked, by its teacher or staff, once the lesson is about to start.
    """
    _require_manage(teacher, lesson.group)
    if lesson.status == Status.CANCELLED:
        raise ValidationError(_("The lesson is cancelled: there is no attendance to mark."))
    if lesson.status == Status.SCHEDULED and timezone.now() < lesson.start - ATTENDANCE_FROM:
        raise ValidationError(_("Attendance can be marked once the lesson is about to start."))
    parsed = _parse_marks(marks)
    members = set(lesson.group.memberships.values_list("student_id", flat=True))
    strangers = sorted(set(parsed) - members)
    if strangers:
        raise ValidationError(
            {
                "marks": _("Not in the group: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in strangers)}
            }
        )
    existing = {a.student_id: a for a in Attendance.objects.filter(lesson=lesson)}
    new, changed = [], []
    for student_id in members:
        record = existing.get(student_id)
        status, note = parsed.get(student_id, (None, None))
        if record is None:
            new.append(
                Attendance(
                    lesson=lesson,
                    student_id=student_id,
                    status=status or Attendance.Status.PRESENT,
                    note=note or "",
                )
            )
        elif status is not None and (record.status, record.note) != (status, note):
            record.status, record.note = status, note
            changed.append(record)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "note"])
    return list(
        Attendance.objects.filter(lesson=lesson)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__email")
    )


def attendance_for(user, lesson: LiveLesson) -> list[Attendance]:
    """The teacher (and staff): a row for every member and everyone with a record, unsaved
    rows (pk None, present) for members not marked yet. A member: their own record, if any."""
    if can_manage_group(user, lesson.group):
        saved = Attendance.objects.filter(lesson=lesson).select_related("student")
        records = {a.student_id: a for a in saved}
        for membership in lesson.group.memberships.select_related("student"):
            if membership.student_id not in records:
                records[membership.student_id] = Attendance(
                    lesson=lesson, student=membership.student, status=Attendance.Status.PRESENT
                )
        return sorted(
            records.values(),
            key=lambda a: (a.student.last_name, a.student.first_name, a.student.email),
        )
    if (
        is_member(user, lesson.group)
        or Attendance.objects.filter(lesson=lesson, student=user).exists()
    ):
        own = Attendance.objects.filter(lesson=lesson, student=user).select_related("student")
        return list(own)
    raise PermissionDenied(_("This lesson belongs to a group you are not in."))


# ---------------------------------------------------------------------------------------------
# Calendar feeds


def feed_for(user) -> CalendarFeed:
    """The person's private calendar feed, made on first need."""
    if not _authenticated(user):
        raise PermissionDenied(_("Sign in to subscribe to your timetable."))
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def revoke_feed(user) -> CalendarFeed:
    """A new secret token: the old feed address stops working."""
    feed = feed_for(user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed


def user_for_feed(token: str) -> User | None:
    if not token:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


# ---------------------------------------------------------------------------------------------
# Reminders


def reminder_minutes() -> int:
    return int(getattr(settings, "LESSON_REMINDER_MINUTES", 60))


def reminder_key(occurrence: Occurrence) -> str:
    """Once per occurrence and start time: stable when a rule's occurrence becomes a stored
    lesson; a lesson moved to another time is reminded of again at the new time."""
    if occurrence.rule_id is not None and occurrence.occurrence_date is not None:
        base = recurrence.rule_key(occurrence.rule_id, occurrence.occurrence_date)
    else:
        base = occurrence.key
    return f"reminder:{base}:{occurrence.start.astimezone(UTC):%Y%m%dT%H%M}"


def send_reminders(now: datetime | None = None) -> int:
    """Notify the teacher and students of every lesson starting within the reminder time.

    Returns how many notices were made (repeat runs make none for the same lessons).
    """
    from django.urls import reverse

    from accounts.services import notify

    now = now or timezone.now()
    upcoming = [
        occurrence
        for occurrence in all_occurrences(now, now + timedelta(minutes=reminder_minutes()))
        if occurrence.start >= now and occurrence.status == Status.SCHEDULED
    ]
    if not upcoming:
        return 0
    group_ids = {occurrence.group_id for occurrence in upcoming}
    members: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        group_id__in=group_ids, student__is_active=True
    ).select_related("student"):
        members.setdefault(membership.group_id, []).append(membership.student)
    teachers = User.objects.in_bulk({occurrence.teacher_id for occurrence in upcoming})
    sent = 0
    for occurrence in upcoming:
        url = reverse("schedule:lesson", kwargs={"key": occurrence.key})
        title = _("Lesson “%(title)s” starts at %(time)s") % {
            "title": occurrence.title,
            "time": formats.time_format(timezone.localtime(occurrence.start), "H:i"),
        }
        people = [teachers.get(occurrence.teacher_id), *members.get(occurrence.group_id, [])]
        for person in people:
            if person is None:
                continue
            notice = notify(person, "lessons", title, url=url, key=reminder_key(occurrence))
            sent += notice is not None
    return sent
