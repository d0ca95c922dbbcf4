"""Learners at risk (services.at_risk): attendance, missed deadlines, a falling grade; each
rule's threshold from the settings, and a learner with none of them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from learning.grades import services
from learning.grades.services import risk
from learning.homework.models import Homework, Submission
from learning.schedule.models import Attendance

from .conftest import FUTURE, NOW, enroll, held_lesson, homework, join, mark, submit

pytestmark = pytest.mark.django_db

DAYS_AGO_30 = NOW - dt.timedelta(days=30)
DAYS_AGO_3 = NOW - dt.timedelta(days=3)


def reasons_of(course, person, **kwargs):
    book = services.build(course, now=NOW, **kwargs)
    return services.at_risk(book).get(person.pk, [])


def codes(reasons):
    return [reason.code for reason in reasons]


@pytest.fixture
def lessons(group):
    return [held_lesson(group, start=NOW - dt.timedelta(days=d)) for d in (20, 15, 10, 5)]


def test_a_learner_who_attends_and_hands_in_is_not_at_risk(course, lesson, group, lessons):
    good = enroll(course)
    join(group, good)
    work = homework(lesson, due_at=DAYS_AGO_30)
    submit(good, work, "90")
    for held in lessons:
        mark(held, good)
    book = services.build(course, now=NOW)
    assert services.at_risk(book) == {}


@pytest.fixture
def attendance_only(settings):
    """Absences lower the grade too; these tests look at the attendance rule alone."""
    settings.GRADES_RISK_TREND_DROP = 101
    return settings


def test_attendance_below_the_threshold(course, group, lessons, attendance_only):
    settings = attendance_only
    person = enroll(course)
    join(group, person)
    # Present, late (attended), absent, absent: 50 %.
    statuses = [Attendance.Status.PRESENT, Attendance.Status.LATE] + [Attendance.Status.ABSENT] * 2
    for held, status in zip(lessons, statuses, strict=True):
        mark(held, person, status)
    with translation.override("en"):
        (reason,) = reasons_of(course, person)
    assert reason.code == risk.ATTENDANCE
    assert reason.value == Decimal("50.00")
    assert reason.text == "Attendance 50 % (below 70 %)"
    settings.GRADES_RISK_ATTENDANCE_BELOW = 50
    assert reasons_of(course, person) == []


def test_excused_and_unmarked_lessons_leave_the_attendance_count(
    course, group, lessons, attendance_only
):
    person = enroll(course)
    join(group, person)
    mark(lessons[0], person, Attendance.Status.PRESENT)
    mark(lessons[1], person, Attendance.Status.EXCUSED)
    # lessons[2:] not marked: 1 of 1 attended.
    assert reasons_of(course, person) == []
    mark(lessons[2], person, Attendance.Status.ABSENT)
    assert codes(reasons_of(course, person)) == [risk.ATTENDANCE]  # 1 of 2


def test_missed_deadlines(course, lesson, settings):
    person = enroll(course)
    first, second = homework(lesson, due_at=DAYS_AGO_3), homework(lesson, due_at=DAYS_AGO_3)
    homework(lesson, due_at=FUTURE)  # not due yet: not missed
    handed = homework(lesson, due_at=DAYS_AGO_3)
    # An attempt still in progress past the due date is nothing handed in.
    submit(person, second, None, status=Submission.Status.IN_PROGRESS)
    submit(person, handed, None, status=Submission.Status.NEEDS_REVIEW)  # waiting: not missed
    with translation.override("en"):
        reasons = reasons_of(course, person)
    (reason,) = [r for r in reasons if r.code == risk.MISSED_DEADLINES]
    assert reason.value == 2
    assert reason.text == "2 missed deadlines (2 or more)"
    # An excuse takes one away: below the threshold.
    services.excuse(course.teacher, course, person.pk, f"homework:{first.pk}", True, "Болел")
    assert risk.MISSED_DEADLINES not in codes(reasons_of(course, person))
    settings.GRADES_RISK_MISSED_DEADLINES = 1
    assert risk.MISSED_DEADLINES in codes(reasons_of(course, person))
    # A cell the teacher overrode is no longer missed.
    services.override(
        course.teacher, course, person.pk, f"homework:{second.pk}", Decimal(60), "Устно"
    )
    assert risk.MISSED_DEADLINES not in codes(reasons_of(course, person))


def test_a_falling_grade(course, lesson, settings):
    settings.GRADES_RISK_MISSED_DEADLINES = 99  # this test is about the trend only
    person = enroll(course)
    early = homework(lesson, due_at=DAYS_AGO_30)
    recent = homework(lesson, due_at=DAYS_AGO_3)
    submit(person, early, "90")
    submit(person, recent, "40")
    # Homework only: 90 two weeks ago, (90 + 40) / 2 = 65 now: down 25 points.
    with translation.override("en"):
        (reason,) = reasons_of(course, person)
    assert reason.code == risk.TREND_DOWN
    assert reason.value == Decimal("25.00")
    assert reason.text == "Grade down 25 points in 14 days (90 → 65)"
    settings.GRADES_RISK_TREND_DROP = 26
    assert reasons_of(course, person) == []


def test_a_rising_grade_or_a_recent_start_is_no_trend(course, lesson):
    rising, newcomer = enroll(course), enroll(course)
    early = homework(lesson, Homework.Kind.TEST, due_at=DAYS_AGO_30)
    recent = homework(lesson, Homework.Kind.TEST, due_at=DAYS_AGO_3)
    submit(rising, early, "40")
    submit(rising, recent, "100")
    submit(newcomer, recent, "30")
    book = services.build(course, students=[rising.pk, newcomer.pk], now=NOW)
    found = services.at_risk(book)
    assert rising.pk not in found
    # The newcomer missed the early test: 0 two weeks ago, 15 now, up as well.
    assert risk.TREND_DOWN not in codes(found.get(newcomer.pk, []))


def test_at_risk_takes_no_queries(course, lesson, group, lessons, django_assert_num_queries):
    person = enroll(course)
    join(group, person)
    mark(lessons[0], person, Attendance.Status.ABSENT)
    book = services.build(course, now=NOW)
    with django_assert_num_queries(0):
        assert codes(services.at_risk(book)[person.pk]) == [risk.ATTENDANCE]


def test_the_reasons_are_translated(course, group, lessons):
    person = enroll(course)
    join(group, person)
    mark(lessons[0], person, Attendance.Status.ABSENT)
    with translation.override("ru"):
        (reason,) = reasons_of(course, person)
    assert reason.text == "Посещаемость 0 % (ниже 70 %)"


def test_a_learner_who_completed_the_course_is_not_at_risk(course, lesson):
    from learning.enrollment.models import Enrollment

    person = enroll(course)
    homework(lesson, due_at=DAYS_AGO_3), homework(lesson, due_at=DAYS_AGO_3)
    assert risk.MISSED_DEADLINES in codes(reasons_of(course, person))
    # Work added after they finished is not theirs to miss.
    Enrollment.objects.filter(user=person).update(status=Enrollment.Status.COMPLETED)
    assert reasons_of(course, person) == []
