"""The timetable over the database: who sees what, exceptions, stored occurrences, splits."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import NotAllowed
from learning.schedule import services
from learning.schedule.models import LessonException, LiveLesson, RecurringLesson

from .conftest import MSK
from .factories import GroupFactory, LiveLessonFactory, MembershipFactory, RuleFactory

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.datetime(2030, 9, 1, tzinfo=MSK), dt.datetime(2030, 10, 1, tzinfo=MSK)


def keys(occurrences):
    return [o.key for o in occurrences]


def test_teacher_and_members_see_the_groups_timetable(rule, one_off, member, outsider, teacher):
    for person in (teacher, member):
        found = services.occurrences_for(person, *SEPTEMBER)
        assert keys(found) == [
            f"rule:{rule.pk}:2030-09-02",
            f"lesson:{one_off.pk}",
            f"rule:{rule.pk}:2030-09-09",
            f"rule:{rule.pk}:2030-09-16",
            f"rule:{rule.pk}:2030-09-23",
            f"rule:{rule.pk}:2030-09-30",
        ]
    assert services.occurrences_for(outsider, *SEPTEMBER) == []
    everyone = services.all_occurrences(*SEPTEMBER)
    assert keys(everyone) == keys(services.occurrences_for(teacher, *SEPTEMBER))


def test_other_groups_stay_out(rule, member, other_teacher):
    theirs = RuleFactory(group=GroupFactory(teacher=other_teacher), weekday=2)
    assert all(o.rule_id == rule.pk for o in services.occurrences_for(member, *SEPTEMBER))
    assert {o.rule_id for o in services.occurrences_for(other_teacher, *SEPTEMBER)} == {theirs.pk}
    assert len(services.all_occurrences(*SEPTEMBER)) == 9  # 5 Mondays, 4 Wednesdays


def test_window_is_checked(teacher):
    start, end = SEPTEMBER
    with pytest.raises(ValidationError) as error:
        services.occurrences_for(teacher, end, start)
    assert "end" in error.value.message_dict


def test_cancelled_and_moved_occurrences(rule, teacher, member):
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 9))
    services.move_occurrence(
        teacher,
        rule,
        dt.date(2030, 9, 16),
        dt.datetime(2030, 9, 18, 12, tzinfo=MSK),
        dt.datetime(2030, 9, 18, 13, tzinfo=MSK),
    )
    found = services.occurrences_for(member, *SEPTEMBER)
    assert [o.start for o in found] == [
        dt.datetime(2030, 9, 2, 10, tzinfo=MSK),
        dt.datetime(2030, 9, 18, 12, tzinfo=MSK),
        dt.datetime(2030, 9, 23, 10, tzinfo=MSK),
        dt.datetime(2030, 9, 30, 10, tzinfo=MSK),
    ]
    shown = services.occurrences_for(member, *SEPTEMBER, include_cancelled=True)
    assert [o.status for o in shown][:2] == ["scheduled", "cancelled"]
    # Moving it back to the rule's time removes the exception.
    services.move_occurrence(
        teacher,
        rule,
        dt.date(2030, 9, 16),
        dt.datetime(2030, 9, 16, 10, tzinfo=MSK),
        dt.datetime(2030, 9, 16, 11, 30, tzinfo=MSK),
    )
    assert not LessonException.objects.filter(original_date=dt.date(2030, 9, 16)).exists()


def test_moved_in_from_outside_the_window_and_past_the_rules_end(group, teacher):
    rule = RuleFactory(group=group, end_date=dt.date(2030, 9, 30))
    services.move_occurrence(
        teacher,
        rule,
        dt.date(2030, 9, 30),
        dt.datetime(2030, 10, 20, 12, tzinfo=MSK),
        dt.datetime(2030, 10, 20, 13, tzinfo=MSK),
    )
    october = dt.datetime(2030, 10, 15, tzinfo=MSK), dt.datetime(2030, 10, 25, tzinfo=MSK)
    found = services.occurrences_for(teacher, *october)
    assert keys(found) == [f"rule:{rule.pk}:2030-09-30"]


def test_occurrence_dates_must_be_the_rules(rule, teacher):
    with pytest.raises(ValidationError) as error:
        services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 10))
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.lesson_for_occurrence(rule, dt.date(2031, 1, 6))  # after the end date


def test_lesson_for_occurrence_is_idempotent_and_replaces_the_expansion(rule, member, teacher):
    day = dt.date(2030, 9, 9)
    lesson = services.lesson_for_occurrence(rule, day)
    assert services.lesson_for_occurrence(rule, day) == lesson
    assert LiveLesson.objects.filter(rule=rule).count() == 1
    assert (lesson.start, lesson.end) == (
        dt.datetime(2030, 9, 9, 10, tzinfo=MSK),
        dt.datetime(2030, 9, 9, 11, 30, tzinfo=MSK),
    )
    assert (lesson.group, lesson.teacher, lesson.title) == (rule.group, teacher, rule.title)
    found = services.occurrences_for(member, *SEPTEMBER)
    assert f"lesson:{lesson.pk}" in keys(found)
    assert f"rule:{rule.pk}:2030-09-09" not in keys(found)
    assert len(found) == 5


def test_moved_occurrence_is_stored_at_its_new_time(rule, teacher):
    day = dt.date(2030, 9, 9)
    new = dt.datetime(2030, 9, 10, 15, tzinfo=MSK), dt.datetime(2030, 9, 10, 16, tzinfo=MSK)
    services.move_occurrence(teacher, rule, day, *new)
    lesson = services.lesson_for_occurrence(rule, day)
    assert (lesson.start, lesson.end) == new


def test_moving_a_stored_occurrence_keeps_exception_and_lesson_together(rule, teacher, member):
    lesson = services.lesson_for_occurrence(rule, dt.date(2030, 9, 9))
    new = dt.datetime(2030, 9, 12, 15, tzinfo=MSK), dt.datetime(2030, 9, 12, 16, tzinfo=MSK)
    services.update_lesson(teacher, lesson, start=new[0], end=new[1])
    exception = LessonException.objects.get(rule=rule, original_date=dt.date(2030, 9, 9))
    assert (exception.new_start, exception.new_end) == new
    found = [o for o in services.occurrences_for(member, *SEPTEMBER) if o.start.day == 12]
    assert keys(found) == [f"lesson:{lesson.pk}"]
    services.cancel_lesson(teacher, lesson)
    exception.refresh_from_db()
    assert exception.cancelled
    assert f"lesson:{lesson.pk}" not in keys(services.occurrences_for(member, *SEPTEMBER))


def test_cancel_occurrence_cancels_its_stored_lesson(rule, teacher):
    lesson = services.lesson_for_occurrence(rule, dt.date(2030, 9, 9))
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 9))
    lesson.refresh_from_db()
    assert lesson.status == LiveLesson.Status.CANCELLED
    LiveLesson.objects.filter(pk=lesson.pk).update(status=LiveLesson.Status.ENDED)
    with pytest.raises(ValidationError):
        services.move_occurrence(
            teacher,
            rule,
            dt.date(2030, 9, 9),
            dt.datetime(2030, 9, 12, 15, tzinfo=MSK),
            dt.datetime(2030, 9, 12, 16, tzinfo=MSK),
        )


def test_started_lesson_cannot_move_or_be_cancelled(one_off, teacher):
    LiveLesson.objects.filter(pk=one_off.pk).update(status=LiveLesson.Status.LIVE)
    one_off.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_lesson(teacher, one_off, start=one_off.start + dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.cancel_lesson(teacher, one_off)
    services.update_lesson(teacher, one_off, title="Разбор задач")
    one_off.refresh_from_db()
    assert one_off.title == "Разбор задач"


def test_students_and_strangers_cannot_change_the_timetable(rule, one_off, member, other_teacher):
    day = dt.date(2030, 9, 9)
    for person in (member, other_teacher):
        with pytest.raises(NotAllowed):
            services.cancel_occurrence(person, rule, day)
        with pytest.raises(NotAllowed):
            services.cancel_lesson(person, one_off)
        with pytest.raises(NotAllowed):
            services.update_rule_from(person, rule, day, title="Чужое")
        with pytest.raises(NotAllowed):
            services.create_lesson(
                person,
                rule.group,
                title="Чужой урок",
                start=dt.datetime(2030, 9, 5, 9, tzinfo=MSK),
                end=dt.datetime(2030, 9, 5, 10, tzinfo=MSK),
            )


def test_keys_read_and_store(rule, one_off, member, outsider, teacher):
    key = f"rule:{rule.pk}:2030-09-09"
    occurrence = services.occurrence_by_key(member, key)
    assert (occurrence.key, occurrence.lesson_id) == (key, None)
    assert not LiveLesson.objects.filter(rule=rule).exists()  # reading stores nothing
    lesson = services.lesson_by_key(teacher, key)
    assert lesson.occurrence_date == dt.date(2030, 9, 9)
    assert services.occurrence_by_key(member, key).key == f"lesson:{lesson.pk}"
    assert services.lesson_by_key(member, f"lesson:{one_off.pk}") == one_off
    with pytest.raises(NotAllowed):
        services.occurrence_by_key(outsider, key)
    with pytest.raises(NotAllowed):
        services.lesson_by_key(outsider, f"lesson:{one_off.pk}")
    for bad in ("lesson:999999", f"rule:{rule.pk}:2030-09-10", "rule:x", "what"):
        with pytest.raises(services.NotFound):
            services.occurrence_by_key(teacher, bad)


# --- editing a rule from a date ----------------------------------------------------------------


def test_split_rule_from_a_date(rule, teacher, member):
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 2))
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 30))
    stored = services.lesson_for_occurrence(rule, dt.date(2030, 9, 23))
    new, _warning = services.update_rule_from(
        teacher, rule, dt.date(2030, 9, 16), start_time=dt.time(12), end_time=dt.time(13)
    )
    rule.refresh_from_db()
    assert rule.end_date == dt.date(2030, 9, 15)
    assert (new.start_date, new.end_date) == (dt.date(2030, 9, 16), dt.date(2030, 12, 29))
    found = services.occurrences_for(member, *SEPTEMBER)
    assert [o.start for o in found] == [
        dt.datetime(2030, 9, 9, 10, tzinfo=MSK),
        dt.datetime(2030, 9, 16, 12, tzinfo=MSK),
        dt.datetime(2030, 9, 23, 12, tzinfo=MSK),
    ]
    # The cancellation on 30 Sep moved to the new rule; the stored lesson too, at the new time.
    assert LessonException.objects.get(original_date=dt.date(2030, 9, 30)).rule == new
    assert LessonException.objects.get(original_date=dt.date(2030, 9, 2)).rule == rule
    stored.refresh_from_db()
    assert stored.rule == new
    assert stored.start == dt.datetime(2030, 9, 23, 12, tzinfo=MSK)


def test_split_to_another_weekday_drops_exceptions_and_detaches_lessons(rule, teacher):
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 23))
    kept = services.lesson_for_occurrence(rule, dt.date(2030, 9, 30))
    new, _warning = services.update_rule_from(teacher, rule, dt.date(2030, 9, 16), weekday=2)
    assert not LessonException.objects.filter(original_date=dt.date(2030, 9, 23)).exists()
    kept.refresh_from_db()
    assert (kept.rule, kept.occurrence_date) == (None, None)  # a one-off lesson now
    days = [o.start.date() for o in services.occurrences_for(teacher, *SEPTEMBER)]
    assert days == [
        dt.date(2030, 9, 2),
        dt.date(2030, 9, 9),
        dt.date(2030, 9, 18),
        dt.date(2030, 9, 25),
        dt.date(2030, 9, 30),
    ]


def test_split_keeps_upper_weeks_the_same_calendar_weeks(group, teacher):
    rule = RuleFactory(group=group, week_type=RecurringLesson.WeekType.UPPER)
    before = [o.start.date() for o in services.occurrences_for(teacher, *SEPTEMBER)]
    assert before == [dt.date(2030, 9, 2), dt.date(2030, 9, 16), dt.date(2030, 9, 30)]
    # From 9 Sep, a lower week of the old rule; the Monday lessons keep their weeks.
    new, _warning = services.update_rule_from(teacher, rule, dt.date(2030, 9, 9), title="Новое")
    assert new.week_type == RecurringLesson.WeekType.LOWER
    after = [(o.start.date(), o.title) for o in services.occurrences_for(teacher, *SEPTEMBER)]
    assert after == [
        (dt.date(2030, 9, 2), rule.title),
        (dt.date(2030, 9, 16), "Новое"),
        (dt.date(2030, 9, 30), "Новое"),
    ]


def test_update_from_the_first_date_changes_the_rule_in_place(rule, teacher):
    same, _warning = services.update_rule_from(
        teacher, rule, rule.start_date, title="Динамика", end_date=dt.date(2030, 9, 16)
    )
    assert same.pk == rule.pk
    assert RecurringLesson.objects.count() == 1
    assert len(services.occurrences_for(teacher, *SEPTEMBER)) == 3
    with pytest.raises(ValidationError) as error:
        services.update_rule_from(teacher, rule, dt.date(2031, 1, 1), title="x")
    assert "from_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.update_rule_from(teacher, rule, rule.start_date, group=7)
    assert "group" in error.value.message_dict


def test_delete_rule_ends_it_keeping_the_past(group, teacher):
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday() + 14)
    rule = RuleFactory(
        group=group, start_date=monday, end_date=monday + dt.timedelta(days=70), weekday=0
    )
    future = services.lesson_for_occurrence(rule, monday + dt.timedelta(days=35))
    ended = services.delete_rule(teacher, rule)
    assert ended is not None and ended.end_date < today
    future.refresh_from_db()
    assert future.status == LiveLesson.Status.CANCELLED
    fresh = RuleFactory(
        group=group, start_date=today + dt.timedelta(days=7), end_date=today + dt.timedelta(days=60)
    )
    assert services.delete_rule(teacher, fresh) is None
    assert not RecurringLesson.objects.filter(pk=fresh.pk).exists()


def test_rule_fields_are_checked(group, teacher):
    base = {
        "title": "Механика",
        "weekday": 0,
        "week_type": "all",
        "start_time": dt.time(10),
        "end_time": dt.time(11),
        "start_date": dt.date(2030, 9, 2),
        "end_date": dt.date(2030, 12, 29),
        "timezone": "Europe/Moscow",
    }
    bad = [
        ({"end_time": dt.time(9)}, "end_time"),
        ({"end_date": dt.date(2030, 9, 1)}, "end_date"),
        ({"weekday": 7}, "weekday"),
        ({"week_type": "odd"}, "week_type"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"title": " "}, "title"),
        ({"end_date": dt.date(2040, 1, 1)}, "end_date"),
        ({"weekday": 3, "end_date": dt.date(2030, 9, 4)}, "end_date"),  # no Thursday in range
    ]
    for change, field in bad:
        with pytest.raises(ValidationError) as error:
            services.create_rule(teacher, group, **{**base, **change})
        assert field in error.value.message_dict, change
    assert not RecurringLesson.objects.exists()


def test_occurrences_query_count_does_not_grow_with_rules(teacher, group):
    for i in range(30):
        other = GroupFactory(teacher=teacher)
        MembershipFactory(group=other)
        RuleFactory(
            group=other,
            weekday=i % 7,
            start_time=dt.time(8 + i % 10),
            end_time=dt.time(8 + i % 10, 45),
        )
        LiveLessonFactory(group=other, start=dt.datetime(2030, 9, 3 + i % 20, 20, tzinfo=MSK))
    with CaptureQueriesContext(connection) as queries:
        found = services.occurrences_for(teacher, *SEPTEMBER)
    assert len(found) > 100
    assert len(queries) <= 3
