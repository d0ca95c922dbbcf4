"""A tutor's available hours and free slots: hours minus the timetable, across DST."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import NotAllowed
from learning.schedule import services
from learning.schedule.services import Hours

from ..factories import StudentFactory, TeacherFactory
from .factories import GroupFactory, LessonExceptionFactory, LiveLessonFactory, RuleFactory

BERLIN = ZoneInfo("Europe/Berlin")
# Summer time starts on Sunday 31 March 2030 at 02:00 in Berlin.
BEFORE_SPRING = dt.date(2030, 3, 25)  # a Monday


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


def weekly(*ranges):
    return [Hours(dt.time(a), dt.time(b), weekday=d) for d, a, b in ranges]


@pytest.fixture
def tutor(db):
    return TeacherFactory(verified=True)


def test_a_tutor_sets_hours_and_gets_them_back(tutor):
    services.set_availability(
        tutor,
        timezone="Europe/Berlin",
        ranges=weekly((0, 9, 12), (0, 14, 18), (2, 10, 11)),
        exceptions=[Hours(None, None, date=dt.date(2030, 3, 25))],
    )
    availability = services.availability_of(tutor)
    assert availability.timezone == "Europe/Berlin"
    assert [(r.weekday, r.start_time.hour, r.end_time.hour) for r in availability.ranges.all()] == [
        (0, 9, 12),
        (0, 14, 18),
        (2, 10, 11),
    ]
    assert [e.date for e in availability.exceptions.all()] == [dt.date(2030, 3, 25)]


def test_setting_hours_again_replaces_them(tutor):
    services.set_availability(tutor, timezone="UTC", ranges=weekly((0, 9, 12)))
    services.set_availability(tutor, timezone="Europe/Berlin", ranges=weekly((1, 8, 9)))
    availability = services.availability_of(tutor)
    assert [r.weekday for r in availability.ranges.all()] == [1]


def test_only_teachers_set_hours(db):
    with pytest.raises(NotAllowed):
        services.set_availability(StudentFactory(), timezone="UTC", ranges=weekly((0, 9, 12)))


@pytest.mark.parametrize(
    ("zone", "ranges"),
    [
        ("Mars/Olympus", weekly((0, 9, 12))),
        ("UTC", weekly((0, 12, 9))),
        ("UTC", weekly((0, 9, 12), (0, 11, 13))),
        ("UTC", [Hours(dt.time(9), dt.time(10), weekday=7)]),
    ],
)
def test_bad_hours_are_refused(tutor, zone, ranges):
    with pytest.raises(ValidationError):
        services.set_availability(tutor, timezone=zone, ranges=ranges)


def test_free_slots_are_the_hours_minus_lessons(tutor):
    services.set_availability(tutor, timezone="Europe/Berlin", ranges=weekly((0, 9, 13)))
    group = GroupFactory(teacher=tutor)
    LiveLessonFactory(group=group, start=at(BEFORE_SPRING, 10, 30), end=at(BEFORE_SPRING, 11))
    slots = services.free_slots(tutor, at(BEFORE_SPRING, 0), at(BEFORE_SPRING, 23))
    assert [(s.start.hour, s.end.hour) for s in slots] == [(9, 10), (11, 12), (12, 13)]
    assert all(s.start.tzinfo is not None for s in slots)


def test_a_date_exception_replaces_the_weekday(tutor):
    services.set_availability(
        tutor,
        timezone="Europe/Berlin",
        ranges=weekly((0, 9, 13)),
        exceptions=[Hours(dt.time(15), dt.time(17), date=BEFORE_SPRING)],
    )
    slots = services.free_slots(tutor, at(BEFORE_SPRING, 0), at(BEFORE_SPRING, 23))
    assert [s.start.hour for s in slots] == [15, 16]
    next_week = BEFORE_SPRING + dt.timedelta(days=7)
    assert len(services.free_slots(tutor, at(next_week, 0), at(next_week, 23))) == 4


def test_a_day_off_has_no_slots(tutor):
    services.set_availability(
        tutor,
        timezone="Europe/Berlin",
        ranges=weekly((0, 9, 13)),
        exceptions=[Hours(None, None, date=BEFORE_SPRING)],
    )
    assert services.free_slots(tutor, at(BEFORE_SPRING, 0), at(BEFORE_SPRING, 23)) == []


def test_weekly_lessons_moves_and_cancellations_count(tutor):
    services.set_availability(tutor, timezone="Europe/Berlin", ranges=weekly((0, 9, 13)))
    group = GroupFactory(teacher=tutor)
    rule = RuleFactory(
        group=group,
        weekday=0,
        start_time=dt.time(9),
        end_time=dt.time(10),
        start_date=dt.date(2030, 3, 4),
        end_date=dt.date(2030, 6, 30),
        timezone="Europe/Berlin",
    )
    first, second = BEFORE_SPRING, BEFORE_SPRING + dt.timedelta(days=7)
    # Cancelled on the first Monday; moved from the second Monday 9:00 to its 12:00.
    LessonExceptionFactory(rule=rule, original_date=first, cancelled=True)
    LessonExceptionFactory(
        rule=rule,
        original_date=second,
        cancelled=False,
        new_start=at(second, 12),
        new_end=at(second, 13),
    )
    hours = lambda day: [s.start.hour for s in services.free_slots(tutor, at(day, 0), at(day, 23))]  # noqa: E731
    assert hours(first) == [9, 10, 11, 12]
    assert hours(second) == [9, 10, 11]
    assert hours(second + dt.timedelta(days=7)) == [10, 11, 12]


def test_hours_keep_their_wall_clock_across_dst(tutor):
    services.set_availability(tutor, timezone="Europe/Berlin", ranges=weekly((0, 18, 19)))
    slots = services.free_slots(
        tutor, at(BEFORE_SPRING, 0), at(BEFORE_SPRING, 0) + dt.timedelta(days=8)
    )
    assert [(s.start.date(), s.start.hour) for s in slots] == [
        (BEFORE_SPRING, 18),
        (BEFORE_SPRING + dt.timedelta(days=7), 18),
    ]
    assert [s.start.utcoffset() for s in slots] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]


def test_a_tutor_without_hours_has_no_slots(tutor):
    assert services.free_slots(tutor, at(BEFORE_SPRING, 0), at(BEFORE_SPRING, 23)) == []


def test_free_slots_cost_a_fixed_number_of_queries(tutor, django_assert_num_queries):
    services.set_availability(
        tutor, timezone="Europe/Berlin", ranges=weekly((0, 9, 13), (3, 9, 13))
    )
    group = GroupFactory(teacher=tutor)
    for week in range(10):
        RuleFactory(
            group=group,
            weekday=3,
            start_time=dt.time(9),
            end_time=dt.time(10),
            start_date=dt.date(2030, 1, 1),
            end_date=dt.date(2030, 12, 31),
            timezone="Europe/Berlin",
            title=f"r{week}",
        )
    # The hours (3: availability, ranges, exceptions), then the timetable (rules, exceptions,
    # lessons), then the slots held by bookings (learning.bookings' busy time).
    with django_assert_num_queries(7):
        services.free_slots(
            tutor, at(BEFORE_SPRING, 0), at(BEFORE_SPRING, 0) + dt.timedelta(days=14)
        )


# The property: whatever the hours and the timetable, a free slot overlaps no lesson.
spring = st.dates(min_value=dt.date(2030, 3, 24), max_value=dt.date(2030, 4, 1))
autumn = st.dates(min_value=dt.date(2030, 10, 20), max_value=dt.date(2030, 10, 28))
times = st.integers(min_value=0, max_value=23 * 4 - 1).map(lambda q: dt.time(q // 4, q % 4 * 15))
durations = st.integers(min_value=1, max_value=16).map(lambda q: dt.timedelta(minutes=15 * q))


@st.composite
def timetable(draw):
    season = draw(st.sampled_from([spring, autumn]))
    ranges = []
    for weekday in range(7):
        opens = draw(st.integers(min_value=0, max_value=20))
        closes = draw(st.integers(min_value=opens + 1, max_value=23))
        ranges.append(Hours(dt.time(opens), dt.time(closes), weekday=weekday))
    rules = draw(
        st.lists(
            st.tuples(
                st.integers(0, 6), times, durations, st.sampled_from(["all", "upper", "lower"])
            ),
            max_size=5,
        )
    )
    lessons = draw(st.lists(st.tuples(season, times, durations), max_size=5))
    moves = draw(st.lists(st.tuples(season, times, durations), max_size=2))
    first = draw(season)
    return ranges, rules, lessons, moves, first, draw(st.sampled_from([15, 30, 60, 90]))


class Rollback(Exception):
    pass


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(timetable())
def test_a_free_slot_never_overlaps_a_lesson(tutor, case):
    ranges, rules, lessons, moves, first, minutes = case
    try:
        with transaction.atomic():
            services.set_availability(tutor, timezone="Europe/Berlin", ranges=ranges)
            group = GroupFactory(teacher=tutor)
            made = []
            for weekday, start, length, week_type in rules:
                end = (dt.datetime.combine(first, start) + length).time()
                if end <= start:
                    continue
                made.append(
                    RuleFactory(
                        group=group,
                        weekday=weekday,
                        week_type=week_type,
                        start_time=start,
                        end_time=end,
                        start_date=first - dt.timedelta(days=30),
                        end_date=first + dt.timedelta(days=30),
                        timezone="Europe/Berlin",
                    )
                )
            for day, start, length in lessons:
                begin = at(day, start.hour, start.minute)
                LiveLessonFactory(group=group, start=begin, end=begin + length)
            for rule, (day, start, length) in zip(made, moves, strict=False):
                original = next(
                    d
                    for d in (first + dt.timedelta(days=i) for i in range(-30, 30))
                    if rule.start_date <= d and d.weekday() == rule.weekday
                )
                begin = at(day, start.hour, start.minute)
                LessonExceptionFactory(
                    rule=rule,
                    original_date=original,
                    cancelled=False,
                    new_start=begin,
                    new_end=begin + length,
                )
            window = (at(first, 0), at(first, 0) + dt.timedelta(days=9))
            slots = services.free_slots(tutor, *window, slot_minutes=minutes)
            busy = services.occurrences_for(tutor, *window)
            for slot in slots:
                # In real time (same-zone subtraction would give the wall-clock difference).
                length = slot.end.astimezone(dt.UTC) - slot.start.astimezone(dt.UTC)
                assert length == dt.timedelta(minutes=minutes)
                assert window[0] <= slot.start and slot.end <= window[1]
                for lesson in busy:
                    assert not lesson.overlaps(slot.start, slot.end), (slot, lesson)
            raise Rollback
    except Rollback:
        pass
