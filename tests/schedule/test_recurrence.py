"""Expansion of weekly rules: pure functions on unsaved rules, no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning.schedule import recurrence
from learning.schedule.models import LessonException, LiveLesson, RecurringLesson

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def make_rule(pk=1, **fields) -> RecurringLesson:
    values = {
        "group_id": 10,
        "teacher_id": 20,
        "title": "Механика",
        "weekday": 0,
        "week_type": "all",
        "start_time": dt.time(10, 0),
        "end_time": dt.time(11, 30),
        "start_date": dt.date(2030, 9, 2),  # a Monday
        "end_date": dt.date(2030, 12, 29),
        "timezone": "Europe/Moscow",
    }
    values.update(fields)
    rule = RecurringLesson(**values)
    rule.pk = pk
    return rule


def at(tz, *args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


def dates(occurrences) -> list[dt.date]:
    return [o.start.astimezone(MOSCOW).date() for o in occurrences]


def expand(rule, start, end, exceptions=(), **kwargs):
    return list(recurrence.expand_rule(rule, start, end, exceptions, **kwargs))


# --- weeks ------------------------------------------------------------------------------------


def test_weekly_rule_over_a_semester_has_every_monday_at_10():
    rule = make_rule()
    found = expand(rule, at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2031, 1, 1))
    assert len(found) == 17
    assert all(o.start.astimezone(MOSCOW).time() == dt.time(10) for o in found)
    assert all(o.end - o.start == dt.timedelta(minutes=90) for o in found)
    assert all(o.start.weekday() == 0 for o in found)
    assert found[0].key == "rule:1:2030-09-02"
    assert found[0].occurrence_date == dt.date(2030, 9, 2)
    assert (found[0].rule_id, found[0].lesson_id, found[0].status) == (1, None, "scheduled")
    assert (found[0].group_id, found[0].teacher_id, found[0].title) == (10, 20, "Механика")


def test_upper_and_lower_weeks_alternate_from_the_start_dates_week():
    # The rule starts on a Wednesday: that week (from Monday 2 Sep) is upper.
    upper = make_rule(week_type="upper", weekday=4, start_date=dt.date(2030, 9, 4))
    lower = make_rule(pk=2, week_type="lower", weekday=4, start_date=dt.date(2030, 9, 4))
    every = make_rule(pk=3, weekday=4, start_date=dt.date(2030, 9, 4))
    window = at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2031, 1, 1)
    upper_days = dates(expand(upper, *window))
    lower_days = dates(expand(lower, *window))
    assert upper_days[:3] == [dt.date(2030, 9, 6), dt.date(2030, 9, 20), dt.date(2030, 10, 4)]
    assert lower_days[:3] == [dt.date(2030, 9, 13), dt.date(2030, 9, 27), dt.date(2030, 10, 11)]
    # Across the whole semester the two halves never meet and together make every week.
    assert not set(upper_days) & set(lower_days)
    assert sorted(upper_days + lower_days) == dates(expand(every, *window))
    assert len(upper_days) == 9 and len(lower_days) == 8


def test_first_occurrence_is_on_or_after_the_start_date():
    rule = make_rule(weekday=0, start_date=dt.date(2030, 9, 3))  # a Tuesday
    found = expand(rule, at(MOSCOW, 2030, 8, 1), at(MOSCOW, 2030, 9, 20))
    assert dates(found) == [dt.date(2030, 9, 9), dt.date(2030, 9, 16)]


def test_end_date_is_the_last_possible_date():
    rule = make_rule(end_date=dt.date(2030, 9, 16))
    found = expand(rule, at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 12, 1))
    assert dates(found) == [dt.date(2030, 9, 2), dt.date(2030, 9, 9), dt.date(2030, 9, 16)]
    rule = make_rule(end_date=dt.date(2030, 9, 15))
    assert dates(expand(rule, at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 12, 1)))[-1] == dt.date(
        2030, 9, 9
    )


def test_window_edges_are_half_open_and_partial_overlap_counts():
    rule = make_rule(end_date=dt.date(2030, 9, 2))
    assert expand(rule, at(MOSCOW, 2030, 9, 2, 11, 30), at(MOSCOW, 2030, 9, 3)) == []
    assert expand(rule, at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 9, 2, 10)) == []
    assert len(expand(rule, at(MOSCOW, 2030, 9, 2, 11, 29), at(MOSCOW, 2030, 9, 3))) == 1
    assert len(expand(rule, at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 9, 2, 10, 1))) == 1
    assert expand(rule, at(MOSCOW, 2030, 9, 3), at(MOSCOW, 2030, 9, 2)) == []


def test_window_in_another_time_zone_finds_the_local_dates():
    # 10:00 Moscow on Monday is 07:00 UTC; a window given in New York time still finds it.
    rule = make_rule(end_date=dt.date(2030, 9, 2))
    found = expand(rule, at(NEW_YORK, 2030, 9, 2, 2), at(NEW_YORK, 2030, 9, 2, 4))
    assert [o.start.astimezone(dt.UTC) for o in found] == [at(dt.UTC, 2030, 9, 2, 7)]


# --- time zones -------------------------------------------------------------------------------


def test_moscow_has_no_dst_lesson_stays_at_07_utc_all_year():
    rule = make_rule(start_date=dt.date(2030, 1, 7), end_date=dt.date(2030, 12, 30))
    found = expand(rule, at(MOSCOW, 2030, 1, 1), at(MOSCOW, 2031, 1, 1))
    assert len(found) == 52
    assert {o.start.astimezone(dt.UTC).time() for o in found} == {dt.time(7)}


def test_berlin_dst_keeps_the_wall_clock_time():
    # Europe/Berlin goes to summer time on Sunday 31 March 2030 and back on 27 October.
    rule = make_rule(
        timezone="Europe/Berlin",
        start_date=dt.date(2030, 3, 18),
        end_date=dt.date(2030, 11, 4),
    )
    found = expand(rule, at(BERLIN, 2030, 3, 1), at(BERLIN, 2030, 11, 30))
    by_day = {o.occurrence_date: o for o in found}
    for day in (dt.date(2030, 3, 25), dt.date(2030, 4, 1), dt.date(2030, 10, 28)):
        assert by_day[day].start.astimezone(BERLIN).time() == dt.time(10)
        assert by_day[day].end - by_day[day].start == dt.timedelta(minutes=90)
    assert by_day[dt.date(2030, 3, 25)].start.astimezone(dt.UTC).hour == 9  # CET, UTC+1
    assert by_day[dt.date(2030, 4, 1)].start.astimezone(dt.UTC).hour == 8  # CEST, UTC+2
    assert by_day[dt.date(2030, 10, 28)].start.astimezone(dt.UTC).hour == 9


def test_new_york_dst_week_and_a_lesson_on_the_change_night():
    # New York springs forward at 02:00 on Sunday 10 March 2030: 02:30 does not exist.
    rule = make_rule(
        timezone="America/New_York",
        weekday=6,
        start_time=dt.time(2, 30),
        end_time=dt.time(3, 30),
        start_date=dt.date(2030, 3, 3),
        end_date=dt.date(2030, 3, 17),
    )
    found = expand(rule, at(NEW_YORK, 2030, 3, 1), at(NEW_YORK, 2030, 3, 31))
    assert len(found) == 3
    before, change, after = found
    assert before.start.astimezone(dt.UTC) == at(dt.UTC, 2030, 3, 3, 7, 30)  # EST
    assert after.start.astimezone(dt.UTC) == at(dt.UTC, 2030, 3, 17, 6, 30)  # EDT
    # On the change night the non-existent 02:30 is read with the old offset: 03:30 EDT.
    assert change.start.astimezone(NEW_YORK).time() == dt.time(3, 30)
    assert change.start.astimezone(dt.UTC) == at(dt.UTC, 2030, 3, 10, 7, 30)
    # Its end (03:30) is in the gap too; the lesson keeps its hour.
    assert change.end - change.start == dt.timedelta(hours=1)


# --- exceptions -------------------------------------------------------------------------------


def exception(rule, day, *, cancelled=False, start=None, end=None) -> LessonException:
    return LessonException(
        rule_id=rule.pk, original_date=day, cancelled=cancelled, new_start=start, new_end=end
    )


def test_cancelled_occurrence_is_skipped_or_shown_cancelled_when_asked():
    rule = make_rule(end_date=dt.date(2030, 9, 16))
    cancelled = [exception(rule, dt.date(2030, 9, 9), cancelled=True)]
    window = at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 10, 1)
    assert dates(expand(rule, *window, cancelled)) == [dt.date(2030, 9, 2), dt.date(2030, 9, 16)]
    shown = expand(rule, *window, cancelled, include_cancelled=True)
    assert [o.status for o in shown] == ["scheduled", "cancelled", "scheduled"]
    assert shown[1].start == at(MOSCOW, 2030, 9, 9, 10)


def test_moved_occurrence_appears_at_its_new_time_only():
    rule = make_rule(end_date=dt.date(2030, 9, 16))
    moved = [
        exception(
            rule,
            dt.date(2030, 9, 9),
            start=at(MOSCOW, 2030, 9, 11, 15),
            end=at(MOSCOW, 2030, 9, 11, 16),
        )
    ]
    found = expand(rule, at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 10, 1), moved)
    assert [o.start for o in found] == [
        at(MOSCOW, 2030, 9, 2, 10),
        at(MOSCOW, 2030, 9, 11, 15),
        at(MOSCOW, 2030, 9, 16, 10),
    ]
    assert found[1].key == "rule:1:2030-09-09"
    assert found[1].occurrence_date == dt.date(2030, 9, 9)
    # A window holding only the original time shows nothing.
    assert expand(rule, at(MOSCOW, 2030, 9, 9), at(MOSCOW, 2030, 9, 10), moved) == []


def test_moved_occurrence_from_outside_the_window_into_it():
    rule = make_rule(end_date=dt.date(2030, 9, 30))
    # The 30 September lesson (last of the rule) moved back to Saturday 14 September.
    moved = [
        exception(
            rule,
            dt.date(2030, 9, 30),
            start=at(MOSCOW, 2030, 9, 14, 12),
            end=at(MOSCOW, 2030, 9, 14, 13),
        )
    ]
    found = expand(rule, at(MOSCOW, 2030, 9, 14), at(MOSCOW, 2030, 9, 15), moved)
    assert [(o.key, o.start) for o in found] == [("rule:1:2030-09-30", at(MOSCOW, 2030, 9, 14, 12))]
    # Moved past the rule's end date, still shown.
    late = [
        exception(
            rule,
            dt.date(2030, 9, 30),
            start=at(MOSCOW, 2030, 10, 20, 12),
            end=at(MOSCOW, 2030, 10, 20, 13),
        )
    ]
    assert len(expand(rule, at(MOSCOW, 2030, 10, 20), at(MOSCOW, 2030, 10, 21), late)) == 1


def test_stale_exceptions_and_other_rules_exceptions_are_ignored():
    rule = make_rule(end_date=dt.date(2030, 9, 16))
    others = [
        exception(make_rule(pk=2), dt.date(2030, 9, 9), cancelled=True),
        # Not a date of the rule (a Tuesday): stale after an edit.
        exception(
            rule,
            dt.date(2030, 9, 10),
            start=at(MOSCOW, 2030, 9, 12, 9),
            end=at(MOSCOW, 2030, 9, 12, 10),
        ),
    ]
    found = expand(rule, at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 10, 1), others)
    assert dates(found) == [dt.date(2030, 9, 2), dt.date(2030, 9, 9), dt.date(2030, 9, 16)]


def test_merge_stored_lesson_replaces_the_expanded_occurrence():
    rule = make_rule(end_date=dt.date(2030, 9, 16))
    stored = LiveLesson(
        pk=7,
        group_id=10,
        teacher_id=20,
        title="Механика (с домашним заданием)",
        start=at(MOSCOW, 2030, 9, 9, 10),
        end=at(MOSCOW, 2030, 9, 9, 11, 30),
        rule_id=1,
        occurrence_date=dt.date(2030, 9, 9),
        status="ended",
    )
    # Stored for 16 Sep, but moved far away (outside the window): it still hides the expansion.
    away = LiveLesson(
        pk=8,
        group_id=10,
        teacher_id=20,
        title="Механика",
        start=at(MOSCOW, 2030, 11, 1, 10),
        end=at(MOSCOW, 2030, 11, 1, 11),
        rule_id=1,
        occurrence_date=dt.date(2030, 9, 16),
        status="scheduled",
    )
    one_off = LiveLesson(
        pk=9,
        group_id=10,
        teacher_id=20,
        title="Консультация",
        start=at(MOSCOW, 2030, 9, 4, 18),
        end=at(MOSCOW, 2030, 9, 4, 19),
        status="cancelled",
    )
    window = at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 10, 1)
    merged = recurrence.merge([rule], [], [stored, away, one_off], *window)
    assert [o.key for o in merged] == ["rule:1:2030-09-02", "lesson:7"]
    assert merged[1].status == "ended" and merged[1].lesson_id == 7
    with_cancelled = recurrence.merge(
        [rule], [], [stored, away, one_off], *window, include_cancelled=True
    )
    assert [o.key for o in with_cancelled] == ["rule:1:2030-09-02", "lesson:9", "lesson:7"]
    assert with_cancelled[1].status == "cancelled"


# --- cost -------------------------------------------------------------------------------------


def test_cost_does_not_grow_with_the_rules_age(monkeypatch):
    """A rule started 50 years ago: expanding a week computes one date, not 2,600."""
    made = []
    original = recurrence.occurrence_times

    def counting(rule, day):
        made.append(day)
        return original(rule, day)

    monkeypatch.setattr(recurrence, "occurrence_times", counting)
    old = make_rule(start_date=dt.date(1980, 1, 7), end_date=dt.date(2035, 1, 1))
    found = expand(old, at(MOSCOW, 2030, 9, 2), at(MOSCOW, 2030, 9, 9))
    assert dates(found) == [dt.date(2030, 9, 2)]
    # At most the dates the window's local dates hold (its end, 9 Sep 00:00, counts too).
    assert made in ([dt.date(2030, 9, 2)], [dt.date(2030, 9, 2), dt.date(2030, 9, 9)])


@pytest.mark.parametrize(
    ("start_date", "week_type", "day", "expected"),
    [
        (dt.date(2030, 9, 2), "all", dt.date(2030, 9, 3), dt.date(2030, 9, 9)),
        (dt.date(2030, 9, 2), "upper", dt.date(2030, 9, 3), dt.date(2030, 9, 16)),
        (dt.date(2030, 9, 2), "lower", dt.date(2030, 9, 3), dt.date(2030, 9, 9)),
        (dt.date(2030, 9, 2), "lower", dt.date(2030, 1, 1), dt.date(2030, 9, 9)),
        (dt.date(2030, 9, 2), "upper", dt.date(2030, 12, 24), None),
    ],
)
def test_first_date_from(start_date, week_type, day, expected):
    rule = make_rule(start_date=start_date, week_type=week_type)
    assert recurrence.first_date_from(rule, day) == expected


def test_may_share_times_by_arithmetic():
    monday_10 = make_rule()
    assert recurrence.may_share_times(
        monday_10, make_rule(pk=2, start_time=dt.time(11), end_time=dt.time(12))
    )
    assert not recurrence.may_share_times(
        monday_10, make_rule(pk=2, start_time=dt.time(11, 30), end_time=dt.time(12))
    )
    assert not recurrence.may_share_times(monday_10, make_rule(pk=2, weekday=1))
    upper = make_rule(week_type="upper")
    # Started a week later: its upper weeks are the first rule's lower weeks.
    shifted_upper = make_rule(pk=2, week_type="upper", start_date=dt.date(2030, 9, 9))
    shifted_lower = make_rule(pk=3, week_type="lower", start_date=dt.date(2030, 9, 9))
    assert not recurrence.may_share_times(upper, shifted_upper)
    assert recurrence.may_share_times(upper, shifted_lower)
    assert not recurrence.may_share_times(upper, make_rule(pk=4, week_type="lower"))
    assert recurrence.may_share_times(upper, make_rule(pk=5, timezone="Europe/Berlin", weekday=3))


def test_first_overlap_and_keys():
    rule = make_rule(end_date=dt.date(2030, 9, 30))
    window = at(MOSCOW, 2030, 9, 1), at(MOSCOW, 2030, 10, 1)
    ours = expand(rule, *window)
    other = make_rule(
        pk=2,
        weekday=0,
        start_time=dt.time(11),
        end_time=dt.time(12),
        start_date=dt.date(2030, 9, 16),
    )
    clash = recurrence.first_overlap(ours, expand(other, *window))
    assert clash is not None
    assert clash[0].key == "rule:1:2030-09-16" and clash[1].key == "rule:2:2030-09-16"
    touching = make_rule(pk=3, start_time=dt.time(11, 30), end_time=dt.time(12))
    assert recurrence.first_overlap(ours, expand(touching, *window)) is None
    assert recurrence.parse_key("rule:5:2030-09-02") == ("rule", 5, dt.date(2030, 9, 2))
    assert recurrence.parse_key("lesson:12") == ("lesson", 12, None)
    with pytest.raises(ValueError):
        recurrence.parse_key("nonsense:1")


# --- property: a window's expansion is the union of its halves' -------------------------------


zones = st.sampled_from(["Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])


@st.composite
def rules(draw):
    start_date = draw(st.dates(dt.date(2029, 1, 1), dt.date(2031, 12, 31)))
    length = draw(st.integers(0, 400))
    start_minutes = draw(st.integers(0, 22 * 60))
    duration = draw(st.integers(15, 23 * 60 + 59 - start_minutes))
    end_minutes = start_minutes + duration
    rule = make_rule(
        weekday=draw(st.integers(0, 6)),
        week_type=draw(st.sampled_from(["all", "upper", "lower"])),
        start_time=dt.time(start_minutes // 60, start_minutes % 60),
        end_time=dt.time(end_minutes // 60, end_minutes % 60),
        start_date=start_date,
        end_date=start_date + dt.timedelta(days=length),
        timezone=draw(zones),
    )
    moved = []
    for day in draw(st.lists(st.integers(0, length), max_size=4, unique=True)):
        original = start_date + dt.timedelta(days=day)
        if draw(st.booleans()):
            moved.append(exception(rule, original, cancelled=True))
        else:
            new_start = dt.datetime.combine(original, dt.time(12), tzinfo=dt.UTC) + dt.timedelta(
                hours=draw(st.integers(-24 * 20, 24 * 20))
            )
            moved.append(
                exception(rule, original, start=new_start, end=new_start + dt.timedelta(hours=1))
            )
    return rule, moved


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rules(),
    st.datetimes(dt.datetime(2028, 12, 1), dt.datetime(2032, 6, 1), timezones=st.just(dt.UTC)),
    st.integers(1, 24 * 120),
    st.floats(0, 1),
)
def test_window_equals_union_of_its_halves(rule_and_exceptions, start, hours, split):
    rule, exceptions = rule_and_exceptions
    end = start + dt.timedelta(hours=hours)
    middle = start + (end - start) * split
    whole = expand(rule, start, end, exceptions)
    halves = expand(rule, start, middle, exceptions) + expand(rule, middle, end, exceptions)
    # An occurrence crossing the middle is in both halves: the union, not the sum.
    union = {o.key: o for o in halves}
    assert sorted(union.values(), key=recurrence.sort_key) == whole
    assert len({o.key for o in whole}) == len(whole)
    for occurrence in whole:
        assert occurrence.start < end and occurrence.end > start
        assert occurrence.start.tzinfo is not None


# --- property: "may not share times" is never wrong, daylight-saving changes included ----------


# Zones whose clocks jump at 02:00, at midnight (Havana) or by half an hour (Lord Howe).
dst_zones = st.sampled_from(
    ["Europe/Berlin", "America/New_York", "America/Havana", "Australia/Lord_Howe"]
)


@st.composite
def night_rule_pair(draw):
    """Two rules in one zone at night, mostly on Sundays (when these zones change), each over
    about a year so that it meets the changes."""
    tz = draw(dst_zones)

    def one(pk):
        start_date = draw(st.dates(dt.date(2026, 9, 1), dt.date(2027, 6, 30)))
        start_minutes = draw(st.integers(0, 4 * 60) | st.integers(22 * 60, 23 * 60 + 30))
        duration = draw(st.integers(10, min(150, 23 * 60 + 59 - start_minutes)))
        end_minutes = start_minutes + duration
        return make_rule(
            pk=pk,
            weekday=draw(st.just(6) | st.integers(0, 6)),
            week_type=draw(st.sampled_from(["all", "upper", "lower"])),
            start_time=dt.time(start_minutes // 60, start_minutes % 60),
            end_time=dt.time(end_minutes // 60, end_minutes % 60),
            start_date=start_date,
            end_date=start_date + dt.timedelta(days=draw(st.integers(200, 400))),
            timezone=tz,
        )

    return one(1), one(2)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(night_rule_pair())
def test_may_share_times_false_means_no_overlap(pair):
    a, b = pair
    if recurrence.may_share_times(a, b):
        return
    (a_start, a_end), (b_start, b_end) = recurrence.rule_span(a), recurrence.rule_span(b)
    start, end = min(a_start, b_start), max(a_end, b_end)
    assert recurrence.first_overlap(expand(a, start, end), expand(b, start, end)) is None


def test_may_share_times_sees_the_spring_gap_and_keeps_the_fold():
    def sunday_night(pk, start, end, first):
        return make_rule(
            pk=pk,
            weekday=6,
            start_time=start,
            end_time=end,
            start_date=first,
            end_date=dt.date(2027, 11, 30),
            timezone="Europe/Berlin",
        )

    night = sunday_night(1, dt.time(2, 30), dt.time(3, 30), dt.date(2027, 3, 1))
    # 28 March 2027: 02:30–03:30 is served 03:30–04:30 summer time.
    after = sunday_night(2, dt.time(3, 30), dt.time(4, 30), dt.date(2027, 3, 1))
    assert recurrence.may_share_times(night, after)
    assert recurrence.may_share_times(after, night)
    # From April on the later rule never meets the change night: the arithmetic says no.
    assert not recurrence.may_share_times(
        night, sunday_night(2, dt.time(3, 30), dt.time(4, 30), dt.date(2027, 4, 1))
    )
    # 31 October 2027 (clocks back): 02:30 summer time to 03:30 winter time; 03:30 touches it.
    assert not recurrence.may_share_times(
        night, sunday_night(2, dt.time(3, 30), dt.time(4, 30), dt.date(2027, 10, 1))
    )
    assert dt.date(2027, 3, 28) in recurrence.offset_change_days("Europe/Berlin", 2027)
    assert dt.date(2027, 10, 31) in recurrence.offset_change_days("Europe/Berlin", 2027)
    assert recurrence.offset_change_days("Europe/Moscow", 2027) == ()
