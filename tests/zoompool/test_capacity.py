"""Capacity planning: the pool knows the timetable (one-off lessons and rules' occurrences)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from learning.schedule.models import Group, LiveLesson, RecurringLesson
from learning.zoompool import services

from ..factories import TeacherFactory
from .conftest import make_account, make_lesson

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
MONDAY = date(2026, 3, 2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MOSCOW)


def lesson(start: datetime, minutes: int = 60, **fields) -> LiveLesson:
    return make_lesson(TeacherFactory(), start=start, length=timedelta(minutes=minutes), **fields)


def weekly_rule(weekday: int, start: time, end: time) -> RecurringLesson:
    teacher = TeacherFactory()
    return RecurringLesson.objects.create(
        group=Group.objects.create(name="Правило", teacher=teacher),
        teacher=teacher,
        title="Еженедельный урок",
        weekday=weekday,
        start_time=start,
        end_time=end,
        start_date=MONDAY - timedelta(days=60),
        end_date=MONDAY + timedelta(days=60),
        timezone="Europe/Moscow",
    )


def test_within_the_pool_no_warning():
    make_account()
    make_account()
    lesson(at(MONDAY, 10))
    assert services.capacity_warning(at(MONDAY, 10, 30), at(MONDAY, 11, 30)) is None
    # Back to back is no overlap.
    make_account(is_active=False)
    lesson(at(MONDAY, 12))
    assert services.capacity_warning(at(MONDAY, 11), at(MONDAY, 12)) is None


def test_one_lesson_too_many_names_the_time_and_the_count():
    make_account()
    make_account()
    make_account(is_active=False)  # not part of the pool
    lesson(at(MONDAY, 10))
    lesson(at(MONDAY, 10, 45), minutes=30)
    lesson(at(MONDAY, 9), minutes=30, status=LiveLesson.Status.CANCELLED)
    weekly_rule(0, time(9, 0), time(10, 50))  # Mondays 9:00–10:50

    warning = services.capacity_warning(at(MONDAY, 9, 15), at(MONDAY, 11))

    # From 10:45 to 10:50 the rule, both lessons and the new one run at once: 4 > 2.
    assert warning is not None
    assert "10:45" in warning and "4" in warning and "2" in warning


def test_the_occurrence_being_moved_is_not_counted_twice():
    make_account()
    moving = lesson(at(MONDAY, 10))
    assert services.capacity_warning(at(MONDAY, 10), at(MONDAY, 11)) is not None
    key = f"lesson:{moving.pk}"
    assert services.capacity_warning(at(MONDAY, 10), at(MONDAY, 11), ignore_key=key) is None


def test_a_school_without_a_pool_gets_no_capacity_warnings():
    lesson(at(MONDAY, 10))
    assert services.capacity_warning(at(MONDAY, 10), at(MONDAY, 11)) is None
    make_account(is_active=False)  # a switched-off account is no pool either
    assert services.capacity_warning(at(MONDAY, 10), at(MONDAY, 11)) is None


def test_peak_use_per_hour_of_a_week():
    make_account()
    make_account()
    weekly_rule(2, time(10, 0), time(11, 30))  # Wednesdays
    lesson(at(MONDAY + timedelta(days=2), 11))
    lesson(at(MONDAY + timedelta(days=2), 11, 15), minutes=20)
    lesson(at(MONDAY + timedelta(days=6), 23, 30), minutes=60)  # runs into next Monday
    lesson(at(MONDAY, 8), status=LiveLesson.Status.CANCELLED)

    usage = services.peak_usage(MONDAY)

    assert usage.days[0] == MONDAY and len(usage.days) == 7 and len(usage.rows) == 24
    wednesday = [row[2] for row in usage.rows]
    assert wednesday[9] == 0 and wednesday[10] == 1 and wednesday[11] == 3 and wednesday[12] == 0
    assert usage.rows[23][6] == 1 and usage.rows[8][0] == 0
    assert usage.capacity == 2 and usage.peak == 3
    # Two weeks on, only the rule: 10:00–11:30 touches two hours.
    assert sum(map(sum, services.peak_usage(MONDAY + timedelta(days=14)).rows)) == 2
