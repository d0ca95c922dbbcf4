"""The gradebook: learners × graded items, each cell's score and status, category subtotals
and the final grade, for a course or for one of its groups.

Built in a fixed number of queries whatever its size: the learners, the groups and their
members, the items (homework, tests and control points; the lessons held), one aggregate of
the submissions per learner and item (best score, waiting, returned, late — in SQL), the
attendance marks and the teacher's adjustments. The scheme's arithmetic is ``computation``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import CoursePage
from learning.enrollment.models import Enrollment
from learning.homework.models import Homework, Submission
from learning.schedule.models import Attendance, Group, LiveLesson, Membership, RecurringLesson

from ..computation import CENT, Category, FinalGrade, ItemResult, ItemState, Rules, final_grade
from ..models import Adjustment
from .schemes import rules_for

User = get_user_model()
FINAL = "final"

KIND_CATEGORY = {
    Homework.Kind.HOMEWORK: Category.HOMEWORK,
    Homework.Kind.TEST: Category.TESTS,
    Homework.Kind.CONTROL_POINT: Category.CONTROL_POINTS,
}
SubStatus = Submission.Status
# Statuses whose grade stands (a refused late attempt is "submitted" with score 0).
SCORED = (SubStatus.AUTO_GRADED, SubStatus.GRADED, SubStatus.RETURNED, SubStatus.SUBMITTED)
ATTENDED = {Attendance.Status.PRESENT: 1, Attendance.Status.LATE: 1, Attendance.Status.ABSENT: 0}


class CellStatus:
    """What a cell shows (the API's ``status``)."""

    GRADED = "graded"
    LATE = "late"
    WAITING = "waiting"
    RETURNED = "returned"
    IN_PROGRESS = "in_progress"
    MISSING = "missing"  # not handed in, due date passed (or none)
    OPEN = "open"  # not handed in, still due
    EXCUSED = "excused"
    PRESENT = "present"
    ABSENT = "absent"
    LATE_ARRIVAL = "late_arrival"
    NOT_MARKED = "not_marked"


@dataclass(frozen=True)
class Column:
    key: str  # homework:<id> or lesson:<id>
    category: Category
    title: str
    due_at: datetime | None
    weight: Decimal
    # Groups whose members have this item; None: every learner of the course.
    groups: frozenset[int] | None


@dataclass
class Cell:
    status: str
    percent: Decimal | None  # the learner's score (best attempt), 0..100
    override: Decimal | None = None
    excused: bool = False
    result: ItemResult | None = field(default=None, repr=False)


@dataclass
class Row:
    student: User
    groups: frozenset[int]
    cells: dict[str, Cell]
    grade: FinalGrade
    final_override: Decimal | None = None
    completed: bool = False  # has completed the course: done, whatever the grade


@dataclass
class Gradebook:
    course: CoursePage
    group: Group | None
    rules: Rules
    columns: list[Column]
    rows: list[Row]
    # The moment it was built for (what "due passed" and "lessons held" were measured against).
    now: datetime | None = None


def _fraction(percent: Decimal | None) -> Fraction | None:
    if percent is None:
        return None
    # From the integer ratio: Fraction(Decimal) is several times slower, 12,000 cells a page.
    numerator, denominator = percent.as_integer_ratio()
    return Fraction(numerator, denominator * 100)


def build(
    course: CoursePage,
    *,
    group: Group | None = None,
    students: Iterable[int] | None = None,
    now: datetime | None = None,
) -> Gradebook:
    """The gradebook of the course (or of one group of it), for every learner or ``students``.

    No permission check here: the callers (``read_course``, ``read_group``, ``my_grades``)
    check first.
    """
    now = now or timezone.now()
    rules = rules_for(course)
    key = course.translation_key
    groups = (
        Group.objects.filter(pk=group.pk)
        if group
        else Group.objects.filter(course__translation_key=key)
    )
    learners = _learners(key, group)
    if students is not None:
        learners = learners.filter(pk__in=list(students))
    completed = Enrollment.objects.filter(
        user=OuterRef("pk"), course__translation_key=key, status=Enrollment.Status.COMPLETED
    )
    people = list(
        learners.annotate(completed=Exists(completed)).order_by(
            "last_name", "first_name", "email", "pk"
        )
    )
    ids = [p.pk for p in people]
    member_of: dict[int, set[int]] = defaultdict(set)
    for student_id, group_id in Membership.objects.filter(
        group__in=groups, student_id__in=ids
    ).values_list("student_id", "group_id"):
        member_of[student_id].add(group_id)
    columns = _homework_columns(key, groups) + _lesson_columns(groups, now)
    scores = _submission_aggregates(columns, ids)
    marks = {
        (f"lesson:{lesson_id}", student_id): status
        for lesson_id, student_id, status in Attendance.objects.filter(
            lesson__in=_held(groups, now), student_id__in=ids
        ).values_list("lesson_id", "student_id", "status")
    }
    adjustments = {
        (a.student_id, a.item): a
        for a in Adjustment.objects.filter(course__translation_key=key, student_id__in=ids)
    }
    rows = []
    for person in people:
        mine = frozenset(member_of.get(person.pk, ()))
        cells = {}
        for column in columns:
            if column.groups is not None and not (column.groups & mine):
                continue  # given to a group this learner is not in
            adjustment = adjustments.get((person.pk, column.key))
            cells[column.key] = _cell(
                column, scores.get((column.key, person.pk)), marks, person.pk, adjustment, now
            )
        final = adjustments.get((person.pk, FINAL))
        final_override = final.override if final else None
        grade = final_grade(
            (c.result for c in cells.values() if c.result is not None),
            rules,
            _fraction(final_override),
        )
        rows.append(Row(person, mine, cells, grade, final_override, person.completed))
    return Gradebook(course, group, rules, columns, rows, now)


def _learners(key, group: Group | None) -> QuerySet:
    if group is not None:
        return User.objects.filter(group_memberships__group=group)
    # Everyone who has studied the course (a refund ends it); expired learners keep grades.
    enrolled = Enrollment.objects.filter(course__translation_key=key).exclude(
        status=Enrollment.Status.REFUNDED
    )
    return User.objects.filter(pk__in=enrolled.values("user_id"))


def _homework_columns(key, groups: QuerySet) -> list[Column]:
    given: dict[int, set[int]] = defaultdict(set)
    for model in (LiveLesson, RecurringLesson):
        for homework_id, group_id in model.objects.filter(
            group__in=groups, homework__isnull=False
        ).values_list("homework_id", "group_id"):
            given[homework_id].add(group_id)
    homework = Homework.objects.filter(
        Q(course__translation_key=key) | Q(pk__in=list(given))
    ).order_by(F("due_at").asc(nulls_last=True), "pk")
    return [
        Column(
            key=f"homework:{h.pk}",
            category=KIND_CATEGORY[h.kind],
            title=h.title,
            due_at=h.due_at,
            weight=h.weight,
            # The course's own homework is everyone's; another's only its groups'.
            groups=None if h.course_key == key else frozenset(given[h.pk]),
        )
        for h in homework.only("pk", "title", "kind", "weight", "due_at").annotate(
            course_key=F("course__translation_key")
        )
    ]


def _held(groups: QuerySet, now: datetime) -> QuerySet:
    return LiveLesson.objects.filter(group__in=groups, start__lte=now).exclude(
        status=LiveLesson.Status.CANCELLED
    )


def _lesson_columns(groups: QuerySet, now: datetime) -> list[Column]:
    return [
        Column(
            key=f"lesson:{pk}",
            category=Category.ATTENDANCE,
            title=title,
            due_at=start,
            weight=Decimal(1),
            groups=frozenset({group_id}),
        )
        for pk, title, start, group_id in _held(groups, now)
        .order_by("start", "pk")
        .values_list("pk", "title", "start", "group_id")
    ]


def _submission_aggregates(columns: list[Column], ids: list[int]) -> dict[tuple[str, int], dict]:
    homework_ids = [int(c.key.split(":")[1]) for c in columns if c.key.startswith("homework:")]
    rows = (
        Submission.objects.filter(homework_id__in=homework_ids, student_id__in=ids)
        .values("homework_id", "student_id")
        .annotate(
            best=Max(Coalesce("grade", Value(Decimal(0))), filter=Q(status__in=SCORED)),
            waiting=Count("pk", filter=Q(status=SubStatus.NEEDS_REVIEW)),
            returned=Count("pk", filter=Q(status=SubStatus.RETURNED)),
            late=Count("pk", filter=Q(status__in=SCORED, is_late=True)),
            in_progress=Count("pk", filter=Q(status=SubStatus.IN_PROGRESS)),
        )
    )
    return {(f"homework:{r['homework_id']}", r["student_id"]): r for r in rows}


def _cell(column, agg, marks, student_id, adjustment, now) -> Cell:
    override = adjustment.override if adjustment else None
    excused = bool(adjustment and adjustment.excused)
    weight = Fraction(column.weight)
    if column.category == Category.ATTENDANCE:
        mark = marks.get((column.key, student_id))
        if mark in ATTENDED:
            state, percent = ItemState.GRADED, Decimal(100 * ATTENDED[mark])
            status = {
                Attendance.Status.PRESENT: CellStatus.PRESENT,
                Attendance.Status.LATE: CellStatus.LATE_ARRIVAL,
            }.get(mark, CellStatus.ABSENT)
        else:
            # Excused by the timetable, or not marked: the lesson leaves the average.
            excused = excused or mark == Attendance.Status.EXCUSED
            state, percent, status = ItemState.WAITING, None, CellStatus.NOT_MARKED
        due_passed = True
    else:
        due_passed = column.due_at is None or column.due_at <= now
        best = agg["best"] if agg else None
        percent = None if best is None else Decimal(best).quantize(CENT)
        if agg and agg["waiting"]:
            status = CellStatus.WAITING
        elif agg and agg["returned"]:
            status = CellStatus.RETURNED
        elif percent is not None:
            status = CellStatus.LATE if agg["late"] else CellStatus.GRADED
        elif agg and agg["in_progress"]:
            status = CellStatus.IN_PROGRESS
        else:
            status = CellStatus.MISSING if due_passed else CellStatus.OPEN
        if percent is not None:
            state = ItemState.GRADED
        elif agg and agg["waiting"]:
            state = ItemState.WAITING
        else:
            state = ItemState.MISSING
    if excused:
        status = CellStatus.EXCUSED
    result = ItemResult(
        category=column.category,
        state=state,
        score=_fraction(percent),
        weight=weight,
        due_passed=due_passed,
        excused=excused,
        override=_fraction(override),
    )
    return Cell(status, percent, override, excused, result)
