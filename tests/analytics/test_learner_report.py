"""The learner's own report (learning.analytics.services.learner): progress per course over the
weeks from lesson completions, the current grade per course from the gradebook, attendance per
group, the headline figures; its query count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from learning.analytics.services.learner import learner_report
from learning.enrollment.models import Enrollment, LessonProgress
from learning.grades.services.reading import my_grades
from learning.homework.models import Submission
from learning.schedule.models import Attendance

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory, TeacherFactory
from ..homework.factories import HomeworkFactory
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """In place of the conftest's English: these are checked in Russian, the main language
    (the tables, the translations, the dates)."""
    with translation.override("ru"):
        yield


# A Saturday; its week starts on Monday 10 March (Moscow), the first of the 12 on 23 December.
NOW = dt.datetime(2031, 3, 15, 12, 0, tzinfo=dt.UTC)
WEEK = dt.timedelta(weeks=1)


def enroll(person, course, at, status=Enrollment.Status.ACTIVE):
    enrollment = Enrollment.objects.create(user=person, course=course, source="free")
    Enrollment.objects.filter(pk=enrollment.pk).update(enrolled_at=at, status=status)


def complete(person, lesson, at):
    LessonProgress.objects.create(
        user=person, lesson=lesson, status="completed", percent=100, started_at=at, completed_at=at
    )


def graded(person, work, grade):
    Submission.objects.create(
        student=person,
        homework=work,
        attempt=1,
        started_at=NOW - WEEK,
        submitted_at=NOW - WEEK,
        status=Submission.Status.GRADED,
        grade=Decimal(grade),
    )


@pytest.fixture
def learner(db):
    return StudentFactory(first_name="Анна")


@pytest.fixture
def world(catalog, learner):
    """Algebra: 3 lessons, enrolled 5 weeks ago, one lesson done 4 weeks ago and one last week,
    a homework graded 80. Chemistry: 2 lessons, enrolled this week, nothing done. A group of
    Algebra with four lessons marked: present, late, absent, excused."""
    teacher = TeacherFactory()
    algebra = CoursePageFactory(parent=catalog, title="Алгебра", teacher=teacher, price=0)
    chemistry = CoursePageFactory(parent=catalog, title="Химия", teacher=teacher, price=0)
    lessons = [LessonPageFactory(parent=algebra, title=f"Урок {n}") for n in (1, 2, 3)]
    for n in (1, 2):
        LessonPageFactory(parent=chemistry, title=f"Опыт {n}")
    enroll(learner, algebra, NOW - 5 * WEEK)
    enroll(learner, chemistry, NOW - dt.timedelta(days=2))
    complete(learner, lessons[0], NOW - 4 * WEEK)
    complete(learner, lessons[1], NOW - WEEK)
    work = HomeworkFactory(lesson=lessons[0], kind="homework", due_at=NOW - 2 * WEEK)
    graded(learner, work, "80")
    group = GroupFactory(course=algebra, name="10 «А»", teacher=teacher)
    MembershipFactory(group=group, student=learner)
    for status in ("present", "late", "absent", "excused"):
        lesson = held(group, NOW - 3 * WEEK)
        Attendance.objects.create(lesson=lesson, student=learner, status=status)
    return {"algebra": algebra, "chemistry": chemistry, "lessons": lessons, "group": group}


def held(group, start, status="ended"):
    return LiveLessonFactory(
        group=group, start=start, end=start + dt.timedelta(hours=1), status=status
    )


def charts(report):
    return {chart.key: chart for chart in report.charts}


def figures(report):
    return {figure.key: figure.value for figure in report.figures}


def test_progress_per_course_by_the_end_of_each_week(learner, world):
    progress = charts(learner_report(learner, now=NOW))["progress"]
    assert progress.kind == "line" and progress.unit == "%"
    assert len(progress.labels) == 12
    assert progress.labels[0] == "23.12.2030" and progress.labels[-1] == "10.03.2031"
    chemistry, algebra = progress.series  # newest enrollment first
    assert (algebra.label, chemistry.label) == ("Алгебра", "Химия")
    # Enrolled in the week of 3 February: nothing before, a third from the week after, two
    # thirds in the week of 3 March (completed on 8 March), and still this week.
    assert algebra.values[:6] == [None] * 6
    assert algebra.values[6:] == [0, 33, 33, 33, 67, 67]
    assert chemistry.values == [None] * 11 + [0]


def test_the_current_grade_per_course_comes_from_the_gradebook(learner, world):
    grades = charts(learner_report(learner, now=NOW))["grades"]
    assert grades.kind == "horizontal-bar"
    assert grades.labels == ["Химия", "Алгебра"]
    # Chemistry has nothing graded yet; Algebra's grade is the gradebook's (the homework's 80
    # and the attendance, as the default scheme weighs them).
    expected = my_grades(learner, world["algebra"], now=NOW).rows[0].grade.percent
    assert expected == Decimal("77.33")
    assert grades.series[0].values == [None, expected]


def test_attendance_per_group_by_mark(learner, world):
    attendance = charts(learner_report(learner, now=NOW))["attendance"]
    assert attendance.kind == "stacked-bar"
    assert attendance.labels == ["10 «А»"]
    assert [(s.label, s.values) for s in attendance.series] == [
        ("Присутствовал(а)", [1]),
        ("Опоздал(а)", [1]),
        ("Отсутствовал(а)", [1]),
        ("Уважительная причина", [1]),
    ]


def test_headline_figures(learner, world):
    assert figures(learner_report(learner, now=NOW)) == {
        "courses": 2,
        "lessons": 2,
        "grade": Decimal("77"),
        "attendance": Decimal("67"),  # present and late of the three counted; excused leaves it
    }


def test_a_completed_course_is_not_in_progress_and_another_learner_counts_nowhere(learner, world):
    Enrollment.objects.filter(course=world["chemistry"]).update(status="completed")
    other = StudentFactory()
    enroll(other, world["algebra"], NOW - WEEK)
    complete(other, world["lessons"][2], NOW - dt.timedelta(days=1))
    report = learner_report(learner, now=NOW)
    assert figures(report)["courses"] == 1
    assert figures(report)["lessons"] == 2
    assert charts(report)["progress"].series[1].values[-1] == 67


def test_a_refunded_course_is_left_out(learner, world):
    Enrollment.objects.filter(course=world["chemistry"]).update(status="refunded")
    report = learner_report(learner, now=NOW)
    assert [s.label for s in charts(report)["progress"].series] == ["Алгебра"]
    assert charts(report)["grades"].labels == ["Алгебра"]


def test_someone_with_nothing_gets_empty_charts(learner):
    report = learner_report(learner, now=NOW)
    assert [chart.empty for chart in report.charts] == [True, True, True]
    assert figures(report) == {"courses": 0, "lessons": 0, "grade": None, "attendance": None}


def test_a_visitor_has_no_report():
    report = learner_report(AnonymousUser(), now=NOW)
    assert report.charts == [] and report.figures == []


def _queries(learner) -> int:
    with CaptureQueriesContext(connection) as captured:
        learner_report(learner, now=NOW)
    return len(captured)


def test_the_query_count_does_not_grow_with_lessons_progress_or_attendance(learner, world):
    before = _queries(learner)
    algebra = world["algebra"]
    for n in range(4, 12):
        complete(learner, LessonPageFactory(parent=algebra, title=f"Урок {n}"), NOW - WEEK)
    for _ in range(6):
        lesson = held(world["group"], NOW - WEEK)
        Attendance.objects.create(lesson=lesson, student=learner, status="present")
    second = GroupFactory(course=algebra, name="10 «Б»")
    MembershipFactory(group=second, student=learner)
    lesson = held(second, NOW - WEEK)
    Attendance.objects.create(lesson=lesson, student=learner, status="absent")
    assert _queries(learner) == before
