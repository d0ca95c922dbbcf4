"""The three reports: a course's, a teacher's and the school's, each charts and headline
figures, read with the permission check first (``ReportNotAllowed``, 403).

The course and teacher reports read views only from the daily aggregates
(``CourseViewDay``), never raw views; the school report reads orders, enrollments, activity
and the timetable in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from courses.models import CoursePage
from learning.grades.services.risk import Reason, at_risk
from learning.schedule.models import Group

from ...charts import Chart, Figure
from ...permissions import require_course, require_school, require_teacher
from ..periods import Months, Weeks
from . import school
from .teaching import Scope, teaching_report_parts


@dataclass(frozen=True)
class AtRisk:
    """A learner the grades' risk rules flag in one course, and why."""

    student: object
    course: CoursePage
    reasons: list[Reason]


def learners_at_risk(books) -> list[AtRisk]:
    """Everyone at risk in the gradebooks the report built anyway (the rules need no queries),
    course by course, in the gradebook's order."""
    found = []
    for book in books:
        reasons = at_risk(book)
        found.extend(
            AtRisk(row.student, book.course, reasons[row.student.pk])
            for row in book.rows
            if row.student.pk in reasons
        )
    return found


@dataclass
class CourseReport:
    course: CoursePage
    charts: list[Chart]
    figures: list[Figure]
    at_risk: list[AtRisk] = field(default_factory=list)
    gradebooks: list = field(default_factory=list, repr=False)


@dataclass
class TeacherReport:
    teacher: object
    courses: list[CoursePage]
    charts: list[Chart]
    figures: list[Figure]
    at_risk: list[AtRisk] = field(default_factory=list)
    gradebooks: list = field(default_factory=list, repr=False)


@dataclass
class SchoolReport:
    charts: list[Chart]
    figures: list[Figure]


def course_report(user, course: CoursePage, *, now: datetime | None = None) -> CourseReport:
    require_course(user, course)
    key = course.translation_key
    scope = Scope(
        keys=[key],
        groups=Group.objects.filter(course__translation_key=key),
        titles={key: course.title},
    )
    charts, figures, books = teaching_report_parts(scope, [course], Months.last(now=now), now)
    return CourseReport(
        course=course,
        charts=charts,
        figures=figures,
        at_risk=learners_at_risk(books),
        gradebooks=books,
    )


def taught_courses(teacher) -> list[CoursePage]:
    """The courses a person teaches or owns, one page per course (its translations are the
    same course): the first made."""
    seen, courses = set(), []
    for page in CoursePage.objects.filter(Q(teacher=teacher) | Q(owner=teacher)).order_by("pk"):
        if page.translation_key not in seen:
            seen.add(page.translation_key)
            courses.append(page)
    return courses


def teacher_report(user, teacher, *, now: datetime | None = None) -> TeacherReport:
    require_teacher(user, teacher)
    courses = taught_courses(teacher)
    keys = [c.translation_key for c in courses]
    scope = Scope(
        keys=keys,
        groups=Group.objects.filter(Q(teacher=teacher) | Q(course__translation_key__in=keys)),
        titles={c.translation_key: c.title for c in courses},
    )
    charts, figures, books = teaching_report_parts(scope, courses, Months.last(now=now), now)
    return TeacherReport(
        teacher=teacher,
        courses=courses,
        charts=charts,
        figures=figures,
        at_risk=learners_at_risk(books),
        gradebooks=books,
    )


def school_report(user, *, now: datetime | None = None) -> SchoolReport:
    require_school(user)
    now = now or timezone.now()
    months, weeks = Months.last(now=now), Weeks.last(now=now)
    charts, figures = [], []
    for part in (
        school.revenue_parts(months),
        school.learner_parts(months, weeks),
        school.load_parts(now),
        school.pool_parts(weeks),
    ):
        charts.extend(part[0])
        figures.extend(part[1])
    return SchoolReport(charts=charts, figures=figures)


__all__ = [
    "AtRisk",
    "CourseReport",
    "SchoolReport",
    "TeacherReport",
    "course_report",
    "school_report",
    "taught_courses",
    "teacher_report",
]
