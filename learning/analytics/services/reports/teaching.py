"""What a course's and a teacher's reports are made of: enrollments and completions per
month, grades (one gradebook per course), attendance per group and per lesson, homework
waiting for grading and the views → enrollments → completions funnel.

Every figure is an aggregate in SQL except the grades, which are the gradebook's own
computation (``learning.grades.services.gradebook.build``, a fixed number of queries per
course: a teacher's report costs that once per course).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from courses.models import CoursePage
from learning.enrollment.models import Enrollment
from learning.grades.services.gradebook import build
from learning.homework.models import Submission
from learning.schedule.models import Attendance, Group

from ...charts import Chart, Figure, Series
from ...models import CourseViewDay
from ..periods import Months
from ..rollup import site_zone

MARKS = (5, 4, 3, 2)
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
MARKED = (*ATTENDED, Attendance.Status.ABSENT)  # excused marks leave the rate
LESSONS_SHOWN = 12


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Scope:
    """The courses (by translation key: a course and its translations are one) and the
    timetable groups a report covers."""

    keys: list
    groups: QuerySet[Group]
    titles: dict  # translation key -> the course's title


def enrollment_charts(scope: Scope, months: Months) -> tuple[list[Chart], dict]:
    zone = site_zone()
    enrolled = (
        Enrollment.objects.filter(course__translation_key__in=scope.keys)
        .filter(enrolled_at__gte=months.start)
        .annotate(m=TruncMonth("enrolled_at", tzinfo=zone))
        .values("m")
        .order_by()
        .annotate(n=Count("id"))
    )
    completed = (
        Enrollment.objects.filter(course__translation_key__in=scope.keys)
        .filter(completed_at__gte=months.start)
        .annotate(m=TruncMonth("completed_at", tzinfo=zone))
        .values("m")
        .order_by()
        .annotate(n=Count("id"))
    )
    enrolled_by = {r["m"]: r["n"] for r in enrolled}
    completed_by = {r["m"]: r["n"] for r in completed}
    learners = (
        Enrollment.objects.filter(
            course__translation_key__in=scope.keys, status=Enrollment.Status.ACTIVE
        )
        .values("user_id")
        .distinct()
        .count()
    )
    chart = Chart(
        key="enrollments",
        title=_("Enrollments and completions"),
        kind="line",
        labels=months.labels(),
        series=[
            Series(_("Enrollments"), months.series(enrolled_by)),
            Series(_("Completions"), months.series(completed_by)),
        ],
    )
    totals = {
        "learners": learners,
        "enrolled": sum(enrolled_by.values()),
        "completed": sum(completed_by.values()),
    }
    return [chart], totals


def grade_charts(courses: Iterable[CoursePage], now=None) -> tuple[list[Chart], dict]:
    """Marks 5/4/3/2 of every learner with a grade; the average of their final percentages,
    over all and per course."""
    marks: Counter = Counter()
    percents: list[Decimal] = []
    per_course: list[tuple[str, Decimal | None]] = []
    books = []
    for course in courses:
        book = build(course, now=now)
        books.append(book)
        mine = [row.grade.percent for row in book.rows if row.grade.percent is not None]
        marks.update(row.grade.mark for row in book.rows if row.grade.mark is not None)
        percents.extend(mine)
        per_course.append((course.title, _mean(mine)))
    charts = [
        Chart(
            key="grades",
            title=_("Final grades"),
            kind="bar",
            labels=[str(m) for m in MARKS],
            series=[Series(_("Learners"), [marks.get(m, 0) for m in MARKS])],
            note=_("Each learner's current final grade, as a mark."),
        )
    ]
    if len(per_course) > 1:
        charts.append(
            Chart(
                key="grades-by-course",
                title=_("Average grade by course"),
                kind="horizontal-bar",
                labels=[title for title, _avg in per_course],
                series=[Series(_("Average grade"), [avg for _title, avg in per_course])],
                unit="%",
            )
        )
    return charts, {"average": _mean(percents), "books": books}


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def attendance_charts(scope: Scope) -> tuple[list[Chart], dict]:
    marks = Attendance.objects.filter(lesson__group__in=scope.groups, status__in=MARKED)
    attended = Count("id", filter=Q(status__in=ATTENDED))
    by_group = list(
        marks.values("lesson__group_id", "lesson__group__name")
        .order_by("lesson__group__name", "lesson__group_id")
        .annotate(attended=attended, marked=Count("id"))
    )
    by_lesson = list(
        marks.values("lesson_id", "lesson__start", "lesson__title", "lesson__group__name")
        .order_by("-lesson__start", "-lesson_id")
        .annotate(attended=attended, marked=Count("id"))[:LESSONS_SHOWN]
    )[::-1]
    total_attended = sum(r["attended"] for r in by_group)
    total_marked = sum(r["marked"] for r in by_group)
    charts = [
        Chart(
            key="attendance-groups",
            title=_("Attendance by group"),
            kind="horizontal-bar",
            labels=[r["lesson__group__name"] for r in by_group],
            series=[Series(_("Attended"), [percent(r["attended"], r["marked"]) for r in by_group])],
            unit="%",
            note=_("Present or late, of the learners marked; excused absences left out."),
        ),
        Chart(
            key="attendance-lessons",
            title=_("Attendance by lesson"),
            kind="bar",
            labels=[f"{_day(r['lesson__start'])} · {r['lesson__group__name']}" for r in by_lesson],
            series=[
                Series(_("Attended"), [percent(r["attended"], r["marked"]) for r in by_lesson])
            ],
            unit="%",
            note=_("The last %(n)s lessons with attendance marked.") % {"n": LESSONS_SHOWN},
        ),
    ]
    return charts, {"rate": percent(total_attended, total_marked)}


def _day(moment) -> str:
    return formats.date_format(moment.astimezone(site_zone()), "SHORT_DATE_FORMAT")


def waiting_charts(scope: Scope) -> tuple[list[Chart], dict]:
    waiting = list(
        Submission.objects.filter(
            status=Submission.Status.NEEDS_REVIEW,
            homework__course__translation_key__in=scope.keys,
        )
        .values("homework_id", "homework__title")
        .order_by("homework__title", "homework_id")
        .annotate(n=Count("id"))
    )
    chart = Chart(
        key="homework-waiting",
        title=_("Homework waiting for grading"),
        kind="horizontal-bar",
        labels=[r["homework__title"] for r in waiting],
        series=[Series(_("Submissions"), [r["n"] for r in waiting])],
    )
    return [chart], {"waiting": sum(r["n"] for r in waiting)}


def funnel_charts(scope: Scope, months: Months, enrolled: int, completed: int):
    views = CourseViewDay.objects.filter(
        course__translation_key__in=scope.keys, day__gte=months.start_day
    )
    totals = views.aggregate(views=Sum("views"), visitors=Sum("visitors"))
    by_month = {
        r["m"]: r["n"]
        for r in views.annotate(m=TruncMonth("day")).values("m").order_by().annotate(n=Sum("views"))
    }
    charts = [
        Chart(
            key="funnel",
            title=_("From a course page view to completion"),
            kind="bar",
            labels=[_("Page views"), _("Visitors"), _("Enrollments"), _("Completions")],
            series=[
                Series(
                    _("People"),
                    [totals["views"] or 0, totals["visitors"] or 0, enrolled, completed],
                )
            ],
            note=_("Visitors are counted per day: someone who came on two days counts twice."),
        ),
        Chart(
            key="views",
            title=_("Course page views"),
            kind="line",
            labels=months.labels(),
            series=[Series(_("Page views"), months.series(by_month))],
        ),
    ]
    return charts, {"views": totals["views"] or 0}


def teaching_report_parts(scope: Scope, courses: list[CoursePage], months: Months, now=None):
    """(charts, figures, gradebooks) shared by the course and the teacher reports."""
    charts, totals = enrollment_charts(scope, months)
    grades, graded = grade_charts(courses, now)
    attendance, attended = attendance_charts(scope)
    waiting, waited = waiting_charts(scope)
    funnel, viewed = funnel_charts(scope, months, totals["enrolled"], totals["completed"])
    figures = [
        Figure("learners", _("Learners now"), totals["learners"]),
        Figure("enrolled", _("Enrollments"), totals["enrolled"]),
        Figure("completed", _("Completions"), totals["completed"]),
        Figure("average-grade", _("Average grade"), graded["average"], "%"),
        Figure("attendance", _("Attendance"), attended["rate"], "%"),
        Figure("waiting", _("Work waiting for grading"), waited["waiting"]),
        Figure("views", _("Page views"), viewed["views"]),
    ]
    return charts + grades + attendance + waiting + funnel, figures, graded["books"]
