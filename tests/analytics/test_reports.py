"""The course and teacher reports' numbers on a small fixture: enrollments and completions
by month, marks, attendance by group and lesson, homework waiting, the funnel from the
daily view rows; the school's learners, load and pool."""

import datetime as dt
from decimal import Decimal

import pytest

from learning.analytics.models import CourseViewDay
from learning.analytics.services import course_report, school_report, teacher_report
from learning.homework.models import Submission
from learning.schedule.models import Attendance

from ..homework.factories import HomeworkFactory
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory
from .conftest import NOW, enroll

pytestmark = pytest.mark.django_db

FEB = dt.datetime(2031, 2, 10, 12, tzinfo=dt.UTC)
MAR = dt.datetime(2031, 3, 2, 12, tzinfo=dt.UTC)
PAST = NOW - dt.timedelta(days=3)


def submit(student, work, grade, status=Submission.Status.GRADED):
    return Submission.objects.create(
        student=student,
        homework=work,
        started_at=PAST,
        submitted_at=PAST,
        status=status,
        grade=None if grade is None else Decimal(grade),
    )


@pytest.fixture
def school(course, lesson, teacher, other_course):
    anna = enroll(course, FEB, completed_at=MAR, first_name="Анна")
    boris = enroll(course, FEB, first_name="Борис")
    vera = enroll(course, MAR, first_name="Вера")
    enroll(other_course, MAR)  # another teacher's: not in this report
    work = HomeworkFactory(lesson=lesson, due_at=PAST, title="Дроби")
    submit(anna, work, "90")  # 5
    submit(boris, work, "60")  # 3
    submit(vera, work, None, Submission.Status.NEEDS_REVIEW)  # waiting
    morning = GroupFactory(course=course, name="Утро", teacher=teacher)
    evening = GroupFactory(course=course, name="Вечер", teacher=teacher)
    for person in (anna, boris):
        MembershipFactory(group=morning, student=person)
    MembershipFactory(group=evening, student=vera)
    first = LiveLessonFactory(group=morning, start=NOW - dt.timedelta(days=8), status="ended")
    second = LiveLessonFactory(group=morning, start=NOW - dt.timedelta(days=1), status="ended")
    third = LiveLessonFactory(group=evening, start=NOW - dt.timedelta(days=2), status="ended")
    Attendance.objects.create(lesson=first, student=anna, status="present")
    Attendance.objects.create(lesson=first, student=boris, status="absent")
    Attendance.objects.create(lesson=second, student=anna, status="late")
    Attendance.objects.create(lesson=second, student=boris, status="excused")  # left out
    Attendance.objects.create(lesson=third, student=vera, status="present")
    for day, views, visitors in ((dt.date(2031, 2, 3), 40, 30), (dt.date(2031, 3, 1), 20, 10)):
        CourseViewDay.objects.create(course=course, day=day, views=views, visitors=visitors)
    CourseViewDay.objects.create(course=other_course, day=dt.date(2031, 3, 1), views=99)
    return anna, boris, vera


def by_key(report):
    return {c.key: c for c in report.charts}, {f.key: f.value for f in report.figures}


def test_the_course_report_counts_right(school, course, teacher):
    report = course_report(teacher, course, now=NOW)
    charts, figures = by_key(report)
    enrollments = {s.label: s.values[-2:] for s in charts["enrollments"].series}
    assert enrollments == {"Enrollments": [2, 1], "Completions": [0, 1]}
    assert figures["learners"] == 2  # active ones: Борис, Вера
    assert charts["grades"].labels == ["5", "4", "3", "2"]
    # The gradebook's marks (attendance counts too): Анна 90 % and present, Вера's work
    # waiting but present (5); Борис 60 % and absent (2).
    assert charts["grades"].series[0].values == [2, 0, 0, 1]
    percents = [row.grade.percent for row in report.gradebooks[0].rows]
    assert len(percents) == 3
    assert figures["average-grade"] == (sum(percents) / 3).quantize(Decimal("0.1"))
    groups = charts["attendance-groups"]
    assert dict(zip(groups.labels, groups.series[0].values, strict=True)) == {
        "Вечер": Decimal("100.0"),
        "Утро": Decimal("66.7"),  # present, late / present, absent, late
    }
    assert charts["attendance-lessons"].series[0].values == [
        Decimal("50.0"),
        Decimal("100.0"),
        Decimal("100.0"),
    ]
    assert figures["attendance"] == Decimal("75.0")
    assert charts["homework-waiting"].labels == ["Дроби"]
    assert figures["waiting"] == 1
    assert charts["funnel"].series[0].values == [60, 40, 3, 1]
    assert charts["views"].series[0].values[-2:] == [40, 20]


def test_the_teacher_report_covers_their_courses_only(school, teacher, other_teacher):
    charts, figures = by_key(teacher_report(teacher, teacher, now=NOW))
    assert figures["enrolled"] == 3
    assert figures["views"] == 60
    report = teacher_report(other_teacher, other_teacher, now=NOW)
    assert [c.title for c in report.courses] == ["Химия"]
    assert by_key(report)[1]["views"] == 99
    assert report.at_risk == []  # nobody studies Химия


def test_the_reports_list_learners_at_risk_with_the_grades_rules(school, course, teacher):
    # Борис missed the one lesson of his that was marked: attendance 0 % (below 70 %).
    for report in (
        course_report(teacher, course, now=NOW),
        teacher_report(teacher, teacher, now=NOW),
    ):
        flagged = [(a.student.first_name, a.course.title, a.reasons) for a in report.at_risk]
        assert [(name, title) for name, title, _reasons in flagged] == [("Борис", "Алгебра")]
        (reason,) = flagged[0][2]
        assert reason.code == "attendance" and reason.value < reason.threshold


def test_the_school_counts_learners_and_load(school, admin_user, teacher):
    charts, figures = by_key(school_report(admin_user, now=NOW))
    # First enrollments: two in February, two in March.
    assert charts["new-learners"].series[0].values[-2:] == [2, 2]
    # This week (Monday 10 March): Анна and Вера attended, Вера and the others submitted.
    assert figures["active-learners-week"] == 3
    top = charts["top-courses"]
    assert top.labels == ["Алгебра", "Химия"] and top.series[0].values == [3, 1]
    load = charts["tutors-load"]
    assert load.labels == [teacher.get_full_name()]
