"""The learner's own dashboard: progress per course over the last weeks, the current grade in
each course, attendance per group; the same ``charts``/``figures`` contract as the teacher's and
the school's reports.

Anyone signed in reads their own (a teacher studies too); there is no one else's to ask for.
Progress and attendance are read in a fixed number of queries whatever the number of lessons,
marks or weeks; grades ask the gradebook once per course (``my_grades``: its fixed number).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import LessonPage
from learning.enrollment.models import Enrollment, LessonProgress
from learning.grades.errors import GradesNotFound
from learning.grades.services.reading import my_grades
from learning.schedule.models import Attendance

from ..charts import Chart, Figure, Series
from .periods import Weeks
from .rollup import day_start

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
COUNTED = (*ATTENDED, Attendance.Status.ABSENT)  # excused lessons leave the rate


@dataclass(frozen=True)
class LearnerReport:
    charts: list[Chart] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal(1), ROUND_HALF_UP)


def _courses(user) -> list[Enrollment]:
    """The learner's current and completed enrollments, one per course whatever its
    translations (the latest), newest first."""
    seen: set = set()
    kept: list[Enrollment] = []
    enrollments = (
        Enrollment.objects.filter(user=user, status__in=Enrollment.OPEN)
        .select_related("course")
        .order_by("-enrolled_at", "-pk")
    )
    for enrollment in enrollments:
        if enrollment.course.translation_key not in seen:
            seen.add(enrollment.course.translation_key)
            kept.append(enrollment)
    return kept


def _progress_chart(user, enrollments: list[Enrollment], now: datetime) -> tuple[Chart, int]:
    """Share of each course's live lessons completed by the end of each of the last weeks
    (None before the learner enrolled), and the lessons completed in all."""
    courses = [e.course for e in enrollments]
    lesson_course: dict[int, int] = {}
    totals: dict[int, int] = defaultdict(int)
    if courses:
        condition = Q()
        for course in courses:
            condition |= Q(path__startswith=course.path, depth=course.depth + 1)
        for pk, path in LessonPage.objects.live().filter(condition).values_list("pk", "path"):
            owner = next(c for c in courses if path.startswith(c.path))
            lesson_course[pk] = owner.pk
            totals[owner.pk] += 1
    done: dict[int, list[datetime]] = defaultdict(list)
    for lesson_id, completed_at in LessonProgress.objects.filter(
        user=user,
        lesson_id__in=list(lesson_course),
        status=LessonProgress.Status.COMPLETED,
        completed_at__isnull=False,
    ).values_list("lesson_id", "completed_at"):
        done[lesson_course[lesson_id]].append(completed_at)

    weeks = Weeks.last(now=now)
    ends = [day_start(monday + timedelta(weeks=1)) for monday in weeks.mondays]
    series = []
    for enrollment in enrollments:
        course = enrollment.course
        total = totals.get(course.pk, 0)
        values = []
        for end in ends:
            if not total or enrollment.enrolled_at >= end:
                values.append(None)
            else:
                values.append(_percent(sum(1 for at in done[course.pk] if at < end), total))
        series.append(Series(course.title, values))
    chart = Chart(
        key="progress",
        title=_("Progress per course"),
        kind="line",
        labels=weeks.labels(),
        series=series,
        unit="%",
        note=_("Share of each course's lessons completed by the end of the week."),
    )
    return chart, sum(len(times) for times in done.values())


def _grades_chart(user, enrollments: list[Enrollment], now: datetime) -> Chart:
    """The current final grade in each course, as the gradebook computes it."""
    labels, values = [], []
    for enrollment in enrollments:
        try:
            book = my_grades(user, enrollment.course, now=now)
        except GradesNotFound:
            continue
        labels.append(enrollment.course.title)
        values.append(book.rows[0].grade.percent)
    return Chart(
        key="grades",
        title=_("Current grade per course"),
        kind="horizontal-bar",
        labels=labels,
        series=[Series(_("Grade"), values)],
        unit="%",
        note=_("Your grade so far: work not yet due does not count."),
    )


def _attendance_chart(user) -> tuple[Chart, Decimal | None]:
    """Live lessons per group by the learner's mark, and the share attended."""
    counts: dict[tuple[int, str], dict[str, int]] = {}
    rows = (
        Attendance.objects.filter(student=user)
        .values("lesson__group_id", "lesson__group__name", "status")
        .annotate(n=Count("pk"))
        .order_by("lesson__group__name", "lesson__group_id")
    )
    for row in rows:
        key = (row["lesson__group_id"], row["lesson__group__name"])
        counts.setdefault(key, defaultdict(int))[row["status"]] += row["n"]
    statuses = [
        (Attendance.Status.PRESENT, _("Present")),
        (Attendance.Status.LATE, _("Late")),
        (Attendance.Status.ABSENT, _("Absent")),
        (Attendance.Status.EXCUSED, _("Excused")),
    ]
    chart = Chart(
        key="attendance",
        title=_("Attendance per group"),
        kind="stacked-bar",
        labels=[name for _pk, name in counts],
        series=[
            Series(label, [by_status[status] for by_status in counts.values()])
            for status, label in statuses
        ],
        note=_("Live lessons marked by the teacher."),
    )
    attended = sum(c[s] for c in counts.values() for s in ATTENDED)
    counted = sum(c[s] for c in counts.values() for s in COUNTED)
    return chart, _percent(attended, counted)


def learner_report(user, *, now: datetime | None = None) -> LearnerReport:
    """The signed-in person's own progress, grades and attendance."""
    if not user.is_authenticated:
        return LearnerReport()
    now = now or timezone.now()
    enrollments = _courses(user)
    progress, lessons_done = _progress_chart(user, enrollments, now)
    grades = _grades_chart(user, enrollments, now)
    attendance, attendance_rate = _attendance_chart(user)
    graded = [v for v in grades.series[0].values if v is not None]
    average = (
        (sum(graded, Decimal(0)) / len(graded)).quantize(Decimal(1), ROUND_HALF_UP)
        if graded
        else None
    )
    in_progress = sum(1 for e in enrollments if e.status == Enrollment.Status.ACTIVE)
    figures = [
        Figure("courses", _("Courses in progress"), in_progress),
        Figure("lessons", _("Lessons completed"), lessons_done),
        Figure("grade", _("Average grade across courses"), average, "%"),
        Figure("attendance", _("Attendance"), attendance_rate, "%"),
    ]
    return LearnerReport(charts=[progress, grades, attendance], figures=figures)
