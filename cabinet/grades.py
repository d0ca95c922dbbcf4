"""Cabinet → Grades: the learner's own grades in every course they study.

Read through ``learning.grades.services.my_grades`` (it checks that the person studies the
course). Queries: the enrollments, one fixed set per course (the course's gradebook for one
row, ``services.gradebook``), and one for the links to the feedback of every course at once;
nothing grows with the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import CoursePage
from learning.enrollment.models import Enrollment
from learning.grades import services as grades
from learning.grades.computation import Category
from learning.grades.errors import GradesNotFound
from learning.grades.labels import CATEGORY_NAMES
from learning.grades.services import CellStatus
from learning.homework.models import Submission

KIND_NAMES = {
    Category.HOMEWORK: pgettext_lazy("homework kind", "Homework"),
    Category.TESTS: _("Test"),
    Category.CONTROL_POINTS: _("Control point"),
    Category.ATTENDANCE: _("Live lesson"),
}
# What each status says to the learner; the page shows the words, colour only helps.
STATUS_WORDS = {
    CellStatus.GRADED: _("Graded"),
    CellStatus.LATE: _("Graded, handed in late"),
    CellStatus.WAITING: _("Waiting for grading"),
    CellStatus.RETURNED: _("Returned for rework"),
    CellStatus.IN_PROGRESS: _("Started, not handed in"),
    CellStatus.MISSING: _("Not handed in"),
    CellStatus.OPEN: _("Not handed in yet"),
    CellStatus.EXCUSED: _("Excused"),
    CellStatus.PRESENT: _("Present"),
    CellStatus.ABSENT: _("Absent"),
    CellStatus.LATE_ARRIVAL: _("Came late"),
    CellStatus.NOT_MARKED: _("Not marked"),
}
OVERRIDDEN = "overridden"
# The badge's tone: ok, waiting (warn), trouble (error) or plain.
TONES = {
    CellStatus.GRADED: "ok",
    CellStatus.PRESENT: "ok",
    CellStatus.WAITING: "warn",
    CellStatus.IN_PROGRESS: "warn",
    CellStatus.OPEN: "warn",
    CellStatus.LATE: "warn",
    CellStatus.LATE_ARRIVAL: "warn",
    CellStatus.RETURNED: "error",
    CellStatus.MISSING: "error",
    CellStatus.ABSENT: "error",
}
# Work the learner can still hand in.
STILL_OPEN = (CellStatus.OPEN, CellStatus.IN_PROGRESS, CellStatus.RETURNED)
MARK_NAMES = {
    5: _("excellent"),
    4: _("good"),
    3: _("satisfactory"),
    2: _("unsatisfactory"),
}


@dataclass
class Item:
    title: str
    kind: str
    due_at: datetime | None
    held_at: datetime | None  # a live lesson's start
    percent: Decimal | None  # what counts: the teacher's override, else the score
    status: str
    words: str
    tone: str
    link: str
    link_text: str


@dataclass
class Subtotal:
    name: str
    weight: int
    percent: Decimal | None


@dataclass
class CourseGrades:
    course: CoursePage
    items: list[Item]
    subtotals: list[Subtotal]
    percent: Decimal | None
    mark: int | None
    mark_name: str
    passed: bool | None
    overridden: bool
    pass_mark: int
    still_open: list[Item] = field(default_factory=list)


def studied_courses(user) -> list[CoursePage]:
    """The courses the person studies or studied (not refunded), once per course, the
    latest enrollment first."""
    seen: set = set()
    courses = []
    enrollments = (
        Enrollment.objects.filter(user=user)
        .exclude(status=Enrollment.Status.REFUNDED)
        .select_related("course")
        .order_by("-enrolled_at", "-pk")
    )
    for enrollment in enrollments:
        key = enrollment.course.translation_key
        if key not in seen:
            seen.add(key)
            courses.append(enrollment.course)
    return courses


def _feedback_links(user, homework_ids: set[int]) -> dict[int, int]:
    """The learner's latest handed-in attempt per homework (its page has the feedback)."""
    latest: dict[int, int] = {}
    attempts = (
        Submission.objects.filter(student=user, homework_id__in=homework_ids)
        .exclude(status=Submission.Status.IN_PROGRESS)
        .order_by("homework_id", "-attempt", "-pk")
        .values_list("homework_id", "pk")
    )
    for homework_id, submission_id in attempts:
        latest.setdefault(homework_id, submission_id)
    return latest


def _item(column, cell, latest: dict[int, int]) -> Item:
    kind, pk = column.key.split(":")
    overridden = cell.override is not None
    status = OVERRIDDEN if overridden else cell.status
    words = _("Set by the teacher") if overridden else STATUS_WORDS.get(cell.status, "")
    if kind == "lesson":
        link = reverse("schedule:lesson", kwargs={"key": column.key})
        link_text = _("Lesson")
    elif int(pk) in latest:
        link = reverse("homework:submission", kwargs={"submission_id": latest[int(pk)]})
        link_text = _("Result and feedback")
    else:
        link = reverse("homework:detail", kwargs={"homework_id": int(pk)})
        link_text = _("Open")
    return Item(
        title=column.title,
        kind=KIND_NAMES[column.category],
        due_at=column.due_at if kind == "homework" else None,
        held_at=column.due_at if kind == "lesson" else None,
        percent=cell.override if overridden else cell.percent,
        status=status,
        words=words,
        tone="ok" if overridden else TONES.get(cell.status, ""),
        link=link,
        link_text=link_text,
    )


def course_grades(user) -> list[CourseGrades]:
    books = []
    for course in studied_courses(user):
        try:
            books.append(grades.my_grades(user, course))
        except GradesNotFound:
            continue  # e.g. a course page no longer there for this learner
    homework_ids = {
        int(column.key.split(":")[1])
        for book in books
        for column in book.columns
        if column.key.startswith("homework:")
    }
    latest = _feedback_links(user, homework_ids) if homework_ids else {}
    result = []
    for book in books:
        row = book.rows[0]
        items, still_open = [], []
        for column in book.columns:
            cell = row.cells.get(column.key)
            if cell is None:
                continue  # given to a group this learner is not in
            item = _item(column, cell, latest)
            items.append(item)
            if cell.status in STILL_OPEN and cell.override is None:
                still_open.append(item)
        # The nearest due date first; work without one last.
        still_open.sort(key=lambda item: (item.due_at is None, item.due_at or datetime.min))
        grade = row.grade
        result.append(
            CourseGrades(
                course=book.course,
                items=items,
                subtotals=[
                    Subtotal(CATEGORY_NAMES[category], weight, grade.subtotals.get(category))
                    for category, weight in book.rules.weights.items()
                    if weight
                ],
                percent=grade.percent,
                mark=grade.mark,
                mark_name=MARK_NAMES.get(grade.mark, ""),
                passed=grade.passed,
                overridden=grade.overridden,
                pass_mark=book.rules.pass_mark,
                still_open=still_open,
            )
        )
    return result


@login_required
def my_grades(request: HttpRequest) -> HttpResponse:
    return render(request, "cabinet/grades.html", {"courses": course_grades(request.user)})
