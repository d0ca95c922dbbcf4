"""Overlaps of one teacher's or one group's lessons are refused, naming the clash; the pool's
capacity warning is passed back (or refuses, as a hard limit)."""

import datetime as dt

import pytest

from core import errors
from learning.schedule import services
from learning.schedule.models import LessonException, LiveLesson, RecurringLesson

from .conftest import MSK
from .factories import GroupFactory, LiveLessonFactory, RuleFactory

pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=MSK)


def rule_fields(**changes):
    fields = {
        "title": "Новое правило",
        "weekday": 0,
        "week_type": "all",
        "start_time": dt.time(11),
        "end_time": dt.time(12),
        "start_date": dt.date(2030, 9, 2),
        "end_date": dt.date(2030, 12, 29),
        "timezone": "Europe/Moscow",
    }
    fields.update(changes)
    return fields


@pytest.fixture
def second_group(teacher):
    """Another group of the same teacher."""
    return GroupFactory(teacher=teacher, name="Физика 10А")


# --- one-off lessons ----------------------------------------------------------------------------


def test_lesson_over_a_lesson_of_the_same_teacher_is_refused(one_off, second_group, teacher):
    with pytest.raises(services.Conflict) as error:
        services.create_lesson(
            teacher, second_group, title="Ещё", start=at(2030, 9, 4, 18, 30), end=at(2030, 9, 4, 20)
        )
    message = error.value.messages[0]
    assert "Консультация" in message and "Физика 9А" in message
    assert "18:00" in message and "19:00" in message
    assert error.value.clash.key == f"lesson:{one_off.pk}"
    assert LiveLesson.objects.count() == 1


def test_lesson_over_a_rules_occurrence_is_refused(rule, second_group, teacher):
    with pytest.raises(services.Conflict) as error:
        services.create_lesson(
            teacher, second_group, title="Ещё", start=at(2030, 9, 16, 11), end=at(2030, 9, 16, 12)
        )
    assert "Механика" in error.value.messages[0]
    assert "10:00" in error.value.messages[0]
    assert error.value.clash.key == f"rule:{rule.pk}:2030-09-16"


def test_same_group_with_another_teacher_is_refused(group, admin_user):
    """Staff planning for the group still meet the group's own timetable."""
    LiveLessonFactory(group=group, start=at(2030, 9, 5, 9), end=at(2030, 9, 5, 10))
    with pytest.raises(services.Conflict):
        services.create_lesson(
            admin_user, group, title="x", start=at(2030, 9, 5, 9, 30), end=at(2030, 9, 5, 11)
        )


def test_touching_cancelled_and_other_peoples_lessons_are_no_clash(
    rule, one_off, second_group, teacher, other_teacher
):
    # Touching: 11:30 is when the Monday lesson ends.
    services.create_lesson(
        teacher, second_group, title="Впритык", start=at(2030, 9, 2, 11, 30), end=at(2030, 9, 2, 12)
    )
    services.cancel_lesson(teacher, one_off)
    services.create_lesson(
        teacher,
        second_group,
        title="На месте отменённого",
        start=at(2030, 9, 4, 18),
        end=at(2030, 9, 4, 19),
    )
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 9))
    services.create_lesson(
        teacher, second_group, title="Вместо", start=at(2030, 9, 9, 10), end=at(2030, 9, 9, 11)
    )
    theirs = GroupFactory(teacher=other_teacher)
    services.create_lesson(
        other_teacher, theirs, title="Чужое время", start=at(2030, 9, 2, 10), end=at(2030, 9, 2, 11)
    )
    assert LiveLesson.objects.exclude(status="cancelled").count() == 4


def test_moving_a_lesson_ignores_itself_but_not_others(one_off, teacher, rule):
    services.update_lesson(
        teacher, one_off, start=at(2030, 9, 4, 18, 30), end=at(2030, 9, 4, 19, 30)
    )
    with pytest.raises(services.Conflict) as error:
        services.update_lesson(teacher, one_off, start=at(2030, 9, 2, 11), end=at(2030, 9, 2, 12))
    assert error.value.clash.rule_id == rule.pk
    one_off.refresh_from_db()
    assert one_off.start == at(2030, 9, 4, 18, 30)


# --- one occurrence -------------------------------------------------------------------------------


def test_moving_an_occurrence_onto_a_lesson_is_refused(rule, one_off, teacher):
    with pytest.raises(services.Conflict) as error:
        services.move_occurrence(
            teacher, rule, dt.date(2030, 9, 2), at(2030, 9, 4, 18, 30), at(2030, 9, 4, 19, 30)
        )
    assert error.value.clash.key == f"lesson:{one_off.pk}"
    assert not LessonException.objects.exists()


def test_moving_an_occurrence_overlapping_its_own_slot_is_fine_but_not_its_sibling(rule, teacher):
    services.move_occurrence(
        teacher, rule, dt.date(2030, 9, 9), at(2030, 9, 9, 10, 30), at(2030, 9, 9, 12)
    )
    with pytest.raises(services.Conflict) as error:
        services.move_occurrence(
            teacher, rule, dt.date(2030, 9, 9), at(2030, 9, 16, 11), at(2030, 9, 16, 12)
        )
    assert error.value.clash.key == f"rule:{rule.pk}:2030-09-16"


def test_a_moved_away_occurrence_frees_its_slot(rule, second_group, teacher):
    services.move_occurrence(
        teacher, rule, dt.date(2030, 9, 9), at(2030, 9, 10, 15), at(2030, 9, 10, 16)
    )
    services.create_lesson(
        teacher,
        second_group,
        title="В освободившееся",
        start=at(2030, 9, 9, 10),
        end=at(2030, 9, 9, 11),
    )
    with pytest.raises(services.Conflict):
        services.create_lesson(
            teacher,
            second_group,
            title="На перенесённое",
            start=at(2030, 9, 10, 15),
            end=at(2030, 9, 10, 16),
        )


# --- rules --------------------------------------------------------------------------------------


def test_rule_over_a_rule_of_the_same_teacher(rule, second_group, teacher):
    with pytest.raises(services.Conflict) as error:
        services.create_rule(teacher, second_group, **rule_fields())
    assert "Механика" in error.value.messages[0]
    assert error.value.clash.key == f"rule:{rule.pk}:2030-09-02"
    # Late start: the clash named is the first common date.
    with pytest.raises(services.Conflict) as error:
        services.create_rule(teacher, second_group, **rule_fields(start_date=dt.date(2030, 11, 4)))
    assert error.value.clash.key == f"rule:{rule.pk}:2030-11-04"
    assert RecurringLesson.objects.count() == 1


def test_rule_dates_that_do_not_meet_are_no_clash(rule, second_group, teacher):
    services.create_rule(
        teacher,
        second_group,
        **rule_fields(start_date=dt.date(2030, 12, 30), end_date=dt.date(2031, 5, 31)),
    )
    services.create_rule(teacher, second_group, **rule_fields(weekday=1))
    services.create_rule(teacher, second_group, **rule_fields(start_time=dt.time(11, 30)))
    assert RecurringLesson.objects.count() == 4


@pytest.mark.parametrize(
    ("existing", "new", "new_start", "clash"),
    [
        ("upper", "upper", dt.date(2030, 9, 2), True),
        ("upper", "lower", dt.date(2030, 9, 2), False),
        ("lower", "lower", dt.date(2030, 9, 2), True),
        ("upper", "all", dt.date(2030, 9, 2), True),
        ("all", "lower", dt.date(2030, 9, 2), True),
        # Starting a week later shifts which weeks are upper for the new rule.
        ("upper", "upper", dt.date(2030, 9, 9), False),
        ("upper", "lower", dt.date(2030, 9, 9), True),
        ("lower", "upper", dt.date(2030, 9, 9), True),
        ("lower", "lower", dt.date(2030, 9, 9), False),
    ],
)
def test_rule_week_types(group, second_group, teacher, existing, new, new_start, clash):
    RuleFactory(group=group, week_type=existing)
    fields = rule_fields(week_type=new, start_date=new_start, start_time=dt.time(10, 30))
    if clash:
        with pytest.raises(services.Conflict):
            services.create_rule(teacher, second_group, **fields)
    else:
        services.create_rule(teacher, second_group, **fields)


def test_rule_in_another_time_zone(rule, second_group, teacher):
    # 09:30 in Berlin (summer, UTC+2) is 10:30 in Moscow: a clash until Berlin's clocks go
    # back on 27 October (then 09:30 Berlin is 11:30 Moscow, touching, no clash).
    berlin = rule_fields(start_time=dt.time(9, 30), end_time=dt.time(10), timezone="Europe/Berlin")
    with pytest.raises(services.Conflict):
        services.create_rule(teacher, second_group, **berlin)
    services.create_rule(teacher, second_group, **{**berlin, "start_date": dt.date(2030, 10, 28)})


def test_rule_over_a_one_off_lesson_or_a_moved_occurrence(rule, one_off, second_group, teacher):
    with pytest.raises(services.Conflict) as error:
        services.create_rule(
            teacher,
            second_group,
            **rule_fields(weekday=2, start_time=dt.time(18, 30), end_time=dt.time(19, 30)),
        )
    assert error.value.clash.key == f"lesson:{one_off.pk}"
    # The 30 Sep Monday lesson moved to a Friday: a Friday rule meets it there.
    services.move_occurrence(
        teacher, rule, dt.date(2030, 9, 30), at(2030, 10, 4, 16), at(2030, 10, 4, 17)
    )
    with pytest.raises(services.Conflict) as error:
        services.create_rule(
            teacher,
            second_group,
            **rule_fields(weekday=4, start_time=dt.time(16), end_time=dt.time(17)),
        )
    assert error.value.clash.key == f"rule:{rule.pk}:2030-09-30"
    # And the Monday it left is free for a rule that only lands on that date.
    services.create_rule(
        teacher,
        second_group,
        **rule_fields(
            start_date=dt.date(2030, 9, 30), end_date=dt.date(2030, 9, 30), start_time=dt.time(10)
        ),
    )


def test_rule_over_a_cancelled_occurrence_is_fine(rule, second_group, teacher):
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 9))
    services.create_rule(
        teacher,
        second_group,
        **rule_fields(
            start_date=dt.date(2030, 9, 9), end_date=dt.date(2030, 9, 9), start_time=dt.time(10)
        ),
    )


def test_split_that_would_clash_is_refused_and_changes_nothing(rule, second_group, teacher):
    RuleFactory(group=second_group, weekday=2, start_time=dt.time(15), end_time=dt.time(16))
    with pytest.raises(services.Conflict):
        services.update_rule_from(
            teacher,
            rule,
            dt.date(2030, 10, 7),
            weekday=2,
            start_time=dt.time(15),
            end_time=dt.time(16),
        )
    rule.refresh_from_db()
    assert rule.end_date == dt.date(2030, 12, 29)
    assert RecurringLesson.objects.count() == 2
    # Against its own old occurrences there is no clash: moving it by half an hour is fine.
    new, _warning = services.update_rule_from(
        teacher, rule, dt.date(2030, 10, 7), start_time=dt.time(10, 30), end_time=dt.time(12)
    )
    assert new.start_date == dt.date(2030, 10, 7)


def test_split_detached_lesson_still_counts(rule, teacher):
    # A stored lesson the split cannot carry (new weekday) stays at its time and blocks it.
    services.lesson_for_occurrence(rule, dt.date(2030, 10, 14))
    services.update_rule_from(teacher, rule, dt.date(2030, 10, 7), weekday=2)
    with pytest.raises(services.Conflict):
        services.create_rule(
            teacher,
            GroupFactory(teacher=teacher),
            **rule_fields(
                start_date=dt.date(2030, 10, 14),
                end_date=dt.date(2030, 10, 14),
                start_time=dt.time(10),
            ),
        )


# --- capacity -----------------------------------------------------------------------------------


@pytest.fixture
def pool(db):
    """The real Zoom pool with one active account: two lessons at once are one too many."""
    from tests.zoompool.conftest import make_account

    return make_account()


def over_capacity(warning: str | None, moment) -> bool:
    """The pool's warning: two lessons at once at ``moment`` for its one account."""
    from django.utils.translation import ngettext

    from learning.zoompool import services as pool_services

    expected = ngettext(
        "At %(time)s %(count)s lessons would run at once, but the pool has only "
        "%(size)s video account: one of them will not get a Zoom room.",
        "At %(time)s %(count)s lessons would run at once, but the pool has only "
        "%(size)s video accounts: one of them will not get a Zoom room.",
        1,
    ) % {"time": pool_services.when_label(moment), "count": 2, "size": 1}
    return warning == expected


def test_capacity_warning_is_returned(pool, one_off, other_teacher):
    theirs = GroupFactory(teacher=other_teacher)
    lesson, warning = services.create_lesson(
        other_teacher, theirs, title="Тоже в 18", start=at(2030, 9, 4, 18), end=at(2030, 9, 4, 19)
    )
    assert over_capacity(warning, at(2030, 9, 4, 18))
    # Moved away from the other lesson: no warning; the moved lesson does not count itself.
    _lesson, warning = services.update_lesson(
        other_teacher, lesson, start=at(2030, 9, 4, 20), end=at(2030, 9, 4, 21)
    )
    assert warning is None


def test_capacity_warning_for_moved_occurrence_and_rule(
    pool, rule, one_off, other_teacher, teacher
):
    _exception, warning = services.move_occurrence(
        teacher, rule, dt.date(2030, 9, 9), at(2030, 9, 9, 12), at(2030, 9, 9, 13)
    )
    assert warning is None  # moved to noon: it does not count itself at its old time
    theirs = GroupFactory(teacher=other_teacher)
    new_rule, warning = services.create_rule(
        other_teacher,
        theirs,
        **rule_fields(
            weekday=2, start_time=dt.time(18), end_time=dt.time(19), start_date=dt.date(2030, 9, 2)
        ),
    )
    # The rule's first occurrence (4 Sep, 18:00) meets the one-off lesson.
    assert over_capacity(warning, at(2030, 9, 4, 18))
    assert new_rule.pk


def test_hard_limit_refuses_and_saves_nothing(pool, one_off, other_teacher, settings):
    settings.ZOOMPOOL_CAPACITY_HARD_LIMIT = True
    theirs = GroupFactory(teacher=other_teacher)
    with pytest.raises(services.Conflict) as error:
        services.create_lesson(
            other_teacher,
            theirs,
            title="Тоже в 18",
            start=at(2030, 9, 4, 18),
            end=at(2030, 9, 4, 19),
        )
    assert over_capacity(error.value.messages[0], at(2030, 9, 4, 18))
    assert isinstance(error.value, errors.Conflict)
    assert LiveLesson.objects.count() == 1


def test_real_pool_warns_when_it_cannot_host_one_more(group, teacher, other_teacher):
    """The zoompool app's own check, not a stand-in: one account, two lessons at once."""
    from tests.zoompool.conftest import make_account

    _first, warning = services.create_lesson(
        teacher, group, title="Урок", start=at(2030, 9, 5, 9), end=at(2030, 9, 5, 10)
    )
    assert warning is None  # no pool at all: nothing to plan
    make_account()
    other_group = GroupFactory(teacher=other_teacher)
    _second, warning = services.create_lesson(
        other_teacher, other_group, title="Урок", start=at(2030, 9, 5, 9), end=at(2030, 9, 5, 10)
    )
    assert warning and "2" in warning
