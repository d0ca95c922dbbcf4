"""The events window kept in the shared cache (services.calendar_cache): the same JSON as
computed afresh, no query when nothing changed, and every kind of write seen by the next read
of everyone whose calendar it touches."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from learning.schedule import services
from learning.schedule.models import Group, LessonException, LiveLesson, Membership
from learning.zoompool.services import release

from ..factories import StudentFactory, TeacherFactory, UserFactory
from .conftest import MSK
from .factories import GroupFactory, LiveLessonFactory, MembershipFactory, RuleFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/schedule/events/"
WEEK = {"start": "2030-09-09T00:00:00+03:00", "end": "2030-09-16T00:00:00+03:00"}
MONDAY = dt.date(2030, 9, 9)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, verified=True)


@pytest.fixture
def timetable(teacher, group, member, rule):
    """The week of 9 September for ``group`` (``teacher``'s, ``member`` in it): the Monday
    rule, a Wednesday rule's occurrence moved to Thursday evening, a Thursday rule's cancelled,
    a Friday rule's stored and a one-off lesson on Friday; and another teacher's group with a
    Tuesday rule, which none of them sees (staff do). Four events (five with the cancelled)."""
    wednesday = RuleFactory(
        group=group, title="Оптика", weekday=2, start_time=dt.time(15), end_time=dt.time(16, 30)
    )
    LessonException.objects.create(
        rule=wednesday,
        original_date=MONDAY + dt.timedelta(days=2),
        new_start=dt.datetime(2030, 9, 12, 18, tzinfo=MSK),
        new_end=dt.datetime(2030, 9, 12, 19, tzinfo=MSK),
    )
    thursday = RuleFactory(group=group, title="Электричество", weekday=3)
    LessonException.objects.create(
        rule=thursday, original_date=MONDAY + dt.timedelta(days=3), cancelled=True
    )
    friday = RuleFactory(
        group=group, title="Астрономия", weekday=4, start_time=dt.time(8), end_time=dt.time(9, 30)
    )
    services.lesson_for_occurrence(friday, MONDAY + dt.timedelta(days=4))
    LiveLessonFactory(
        group=group,
        title="Консультация",
        start=dt.datetime(2030, 9, 13, 12, tzinfo=MSK),
        end=dt.datetime(2030, 9, 13, 13, tzinfo=MSK),
    )
    other = GroupFactory(name="Химия", colour="#123456")
    RuleFactory(group=other, title="Реакции", weekday=1)
    return {"wednesday": wednesday, "other": other}


def events(client, user, params=WEEK) -> list[dict]:
    client.force_authenticate(user)
    response = client.get(EVENTS, params)
    assert response.status_code == 200, response.content
    return response.json()


def keys(client, user, params=WEEK) -> list[str]:
    return [event["id"] for event in events(client, user, params)]


def titles(client, user, params=WEEK) -> list[str]:
    return [event["title"] for event in events(client, user, params)]


# --- The same answer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        WEEK,
        {**WEEK, "cancelled": "1"},
        {"start": "2030-09-01", "end": "2030-10-01"},
        {"start": "2030-09-09T00:00:00", "end": "2030-09-16T00:00:00", "timeZone": "Asia/Tokyo"},
    ],
)
def test_the_kept_answer_is_the_json_computed_afresh(
    api_client, settings, teacher, member, staff, timetable, params
):
    for person in (teacher, member, staff):
        settings.SCHEDULE_EVENTS_CACHE_SECONDS = 0
        api_client.force_authenticate(person)
        fresh = api_client.get(EVENTS, params)
        settings.SCHEDULE_EVENTS_CACHE_SECONDS = 3600
        first, kept = api_client.get(EVENTS, params), api_client.get(EVENTS, params)
        assert fresh.status_code == first.status_code == kept.status_code == 200
        assert fresh.content == first.content == kept.content
        # Byte for byte what DRF's JSON renderer makes of the data, with its headers.
        assert kept.content == JSONRenderer().render(kept.json())
        assert kept["Content-Type"] == fresh["Content-Type"] == "application/json"
        assert kept["Allow"] == fresh["Allow"] and kept["Vary"] == fresh["Vary"]
        assert len(kept.json()) > 3


def test_narrowed_windows_are_kept_apart(api_client, teacher, staff, group, timetable):
    everything = keys(api_client, staff)
    only_ours = keys(api_client, staff, {**WEEK, "group": group.pk})
    by_teacher = keys(api_client, staff, {**WEEK, "teacher": str(teacher.public_id)})
    assert len(everything) == 5 and len(only_ours) == 4 and only_ours == by_teacher
    assert keys(api_client, staff) == everything
    assert keys(api_client, staff, {**WEEK, "group": timetable["other"].pk}) == [
        k for k in everything if k not in only_ours
    ]


def test_the_browsable_api_and_indented_json_still_render(api_client, teacher, timetable):
    data = events(api_client, teacher)
    indented = api_client.get(EVENTS, WEEK, HTTP_ACCEPT="application/json; indent=2")
    assert indented.content == JSONRenderer().render(data, "application/json; indent=2")
    page = api_client.get(EVENTS, WEEK, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and "Консультация" in page.content.decode()


def test_people_and_languages_are_kept_apart(api_client, teacher, member, timetable):
    mine, theirs = events(api_client, teacher), events(api_client, member)
    assert [e["id"] for e in mine] == [e["id"] for e in theirs]
    assert {e["editable"] for e in theirs} == {False}  # the member's, not the teacher's
    assert True in {e["editable"] for e in mine}
    api_client.force_authenticate(teacher)
    english = api_client.get(EVENTS, WEEK, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english[0]["extendedProps"]["url"].startswith("/en/")
    assert mine[0]["extendedProps"]["url"].startswith("/ru/")


# --- The cost --------------------------------------------------------------------------------


def _count(client, params=WEEK) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(EVENTS, params).status_code == 200
    return len(queries)


def test_a_kept_window_costs_no_query_whatever_its_size(api_client, settings):
    few, many = TeacherFactory(verified=True), TeacherFactory(verified=True)
    for teacher, groups, rules in ((few, 1, 3), (many, 10, 14)):
        for _group in range(groups):
            group = GroupFactory(teacher=teacher)
            for r in range(rules):
                start = dt.time(8 + r % 10)
                RuleFactory(
                    group=group, weekday=r % 7, start_time=start, end_time=start.replace(minute=45)
                )
            LiveLessonFactory(group=group, start=dt.datetime(2030, 9, 14, 12, tzinfo=MSK))
    counts = {}
    for teacher in (few, many):
        api_client.force_authenticate(teacher)
        # Made once: the person's groups, rules, exceptions, stored lessons, groups' names.
        counts[teacher, "made"] = _count(api_client)
        counts[teacher, "kept"] = _count(api_client)
        # A change in one of their groups: the same queries but their list of groups.
        services.timetable_changed(groups=[teacher.teaching_groups.first().pk])
        counts[teacher, "changed"] = _count(api_client)
    assert len(events(api_client, many)) == 10 * 14 + 10
    assert counts[few, "made"] == counts[many, "made"] == 5
    assert counts[few, "changed"] == counts[many, "changed"] == 4
    assert counts[few, "kept"] == counts[many, "kept"] == 0
    settings.SCHEDULE_EVENTS_CACHE_SECONDS = 0  # not kept: as before the cache
    assert _count(api_client) == _count(api_client) == 4


def test_staff_windows_cost_no_query_either(api_client, staff, timetable):
    api_client.force_authenticate(staff)
    assert _count(api_client) == 4
    assert _count(api_client) == 0


# --- Every write is seen by the next read ----------------------------------------------------


def test_a_new_rule_is_seen_by_teacher_member_and_staff(
    api_client, teacher, member, staff, group, timetable
):
    before = {p: keys(api_client, p) for p in (teacher, member, staff)}
    rule, _warning = services.create_rule(
        teacher,
        group,
        title="Термодинамика",
        weekday=5,
        week_type="all",
        start_time=dt.time(9),
        end_time=dt.time(10),
        start_date=dt.date(2030, 9, 2),
        end_date=dt.date(2030, 12, 27),
    )
    new = f"rule:{rule.pk}:2030-09-14"
    for person in (teacher, member, staff):
        assert new not in before[person]
        assert new in keys(api_client, person)


def test_a_rule_edited_from_a_date_is_seen(api_client, teacher, member, rule, timetable):
    assert "Механика" in titles(api_client, member)
    services.update_rule_from(
        teacher,
        rule,
        MONDAY,
        title="Кинематика",
        start_time=dt.time(12),
        end_time=dt.time(13, 30),
    )
    for person in (teacher, member):
        found = events(api_client, person)
        renamed = [e for e in found if e["title"] == "Кинематика"]
        assert [e["start"] for e in renamed] == ["2030-09-09T12:00:00+03:00"]
        assert "Механика" not in [e["title"] for e in found]


def test_a_rule_ended_is_seen(api_client, teacher, member, rule, timetable):
    stored = services.lesson_for_occurrence(rule, MONDAY + dt.timedelta(days=7))
    next_week = {"start": "2030-09-16T00:00:00+03:00", "end": "2030-09-23T00:00:00+03:00"}
    shown = {**next_week, "cancelled": "1"}
    assert f"rule:{rule.pk}:2030-09-09" in keys(api_client, member)
    [before] = [e for e in events(api_client, member, shown) if e["id"] == f"lesson:{stored.pk}"]
    assert before["extendedProps"]["rule"] == rule.pk
    services.delete_rule(teacher, rule)  # not begun: deleted
    assert not [k for k in keys(api_client, member) if k.startswith(f"rule:{rule.pk}:")]
    # Its stored occurrence: cancelled, and a one-off lesson now (update()s, no signal).
    [after] = [e for e in events(api_client, member, shown) if e["id"] == f"lesson:{stored.pk}"]
    assert after["extendedProps"]["rule"] is None
    assert after["extendedProps"]["status"] == "cancelled"
    assert f"lesson:{stored.pk}" not in keys(api_client, member, next_week)


def test_a_rule_that_has_begun_ended_is_seen(api_client, teacher, member, group):
    """Ending a rule that has begun is two queryset update()s (its end date, its stored
    lessons ahead cancelled): no signal, the service says so."""
    today = timezone.localdate()
    rule = RuleFactory(
        group=group,
        weekday=today.weekday(),
        start_date=today - dt.timedelta(days=14),
        end_date=today + dt.timedelta(days=60),
    )
    stored = services.lesson_for_occurrence(rule, today + dt.timedelta(days=7))
    ahead = {"start": f"{today + dt.timedelta(days=1)}", "end": f"{today + dt.timedelta(days=15)}"}
    later = f"rule:{rule.pk}:{today + dt.timedelta(days=14)}"
    assert keys(api_client, member, ahead) == [f"lesson:{stored.pk}", later]
    assert services.delete_rule(teacher, rule) is not None  # ended, not deleted
    assert keys(api_client, member, ahead) == []


def test_an_occurrence_cancelled_or_moved_is_seen(api_client, teacher, member, rule, timetable):
    key = f"rule:{rule.pk}:2030-09-09"
    assert key in keys(api_client, member)
    services.cancel_occurrence(teacher, rule, MONDAY)
    assert key not in keys(api_client, member)
    [cancelled] = [
        e for e in events(api_client, member, {**WEEK, "cancelled": "1"}) if e["id"] == key
    ]
    assert cancelled["extendedProps"]["status"] == "cancelled"
    services.move_occurrence(
        teacher,
        rule,
        MONDAY,
        dt.datetime(2030, 9, 10, 16, tzinfo=MSK),
        dt.datetime(2030, 9, 10, 17, tzinfo=MSK),
    )
    [moved] = [e for e in events(api_client, member) if e["id"] == key]
    assert moved["start"] == "2030-09-10T16:00:00+03:00"
    # Moved back to its own time: the exception goes.
    services.move_occurrence(
        teacher,
        rule,
        MONDAY,
        dt.datetime(2030, 9, 9, 10, tzinfo=MSK),
        dt.datetime(2030, 9, 9, 11, 30, tzinfo=MSK),
    )
    [back] = [e for e in events(api_client, member) if e["id"] == key]
    assert back["start"] == "2030-09-09T10:00:00+03:00"


def test_lessons_made_moved_cancelled_and_stored_are_seen(
    api_client, teacher, member, staff, group, rule, timetable
):
    before = keys(api_client, member)
    lesson, _warning = services.create_lesson(
        teacher,
        group,
        title="Лабораторная",
        start=dt.datetime(2030, 9, 11, 9, tzinfo=MSK),
        end=dt.datetime(2030, 9, 11, 10, tzinfo=MSK),
    )
    key = f"lesson:{lesson.pk}"
    assert key not in before and key in keys(api_client, member) and key in keys(api_client, staff)
    services.update_lesson(
        teacher,
        lesson,
        start=dt.datetime(2030, 9, 11, 11, tzinfo=MSK),
        end=dt.datetime(2030, 9, 11, 12, tzinfo=MSK),
    )
    [moved] = [e for e in events(api_client, member) if e["id"] == key]
    assert moved["start"] == "2030-09-11T11:00:00+03:00"
    services.cancel_lesson(teacher, lesson)
    assert key not in keys(api_client, member) and key not in keys(api_client, staff)
    # A rule's occurrence stored (a lesson started, attendance taken): its key changes.
    occurrence = f"rule:{rule.pk}:2030-09-09"
    assert occurrence in keys(api_client, member)
    stored = services.lesson_for_occurrence(rule, MONDAY)
    assert occurrence not in keys(api_client, member)
    assert f"lesson:{stored.pk}" in keys(api_client, member)


def test_a_lesson_ended_by_the_pool_is_seen(api_client, teacher, member, group, timetable):
    lesson = LiveLessonFactory(
        group=group,
        start=dt.datetime(2030, 9, 10, 9, tzinfo=MSK),
        end=dt.datetime(2030, 9, 10, 10, tzinfo=MSK),
        status=LiveLesson.Status.LIVE,
    )
    [live] = [e for e in events(api_client, teacher) if e["id"] == f"lesson:{lesson.pk}"]
    assert live["extendedProps"]["status"] == "live"
    release(lesson)  # a queryset update(), no signal
    [ended] = [e for e in events(api_client, teacher) if e["id"] == f"lesson:{lesson.pk}"]
    assert ended["extendedProps"]["status"] == "ended"


def test_a_group_renamed_recoloured_or_given_to_another_teacher_is_seen(
    api_client, teacher, member, other_teacher, staff, group, timetable
):
    for person in (teacher, member, staff):
        events(api_client, person)
    services.update_group(teacher, group, name="Физика 10А", colour="#00ff00")
    for person in (teacher, member, staff):
        ours = [e for e in events(api_client, person) if e["extendedProps"]["group"] == group.pk]
        assert {(e["extendedProps"]["groupName"], e["color"]) for e in ours} == {
            ("Физика 10А", "#00ff00")
        }
    assert keys(api_client, other_teacher) == []
    group.teacher = other_teacher  # by hand: no service moves a group
    group.save()
    assert len(keys(api_client, other_teacher)) == 4
    assert True in {e["editable"] for e in events(api_client, other_teacher)}
    # The rules and lessons keep their own teacher: still on theirs, editable by the group's.
    assert {e["editable"] for e in events(api_client, member)} == {False}


def test_joining_and_leaving_a_group_is_seen(api_client, teacher, group, timetable):
    student = StudentFactory(verified=True)
    assert keys(api_client, student) == []
    services.admit(group, student)
    assert len(keys(api_client, student)) == 4
    services.remove_student(teacher, group, student)
    assert keys(api_client, student) == []
    group.students.add(student)  # the many-to-many's own writes
    assert len(keys(api_client, student)) == 4
    group.students.remove(student)
    assert keys(api_client, student) == []
    student.learning_groups.add(group)
    assert len(keys(api_client, student)) == 4
    group.students.clear()
    assert keys(api_client, student) == []
    membership = MembershipFactory(group=timetable["other"], student=student)
    assert keys(api_client, student) == [f"rule:{timetable['other'].rules.get().pk}:2030-09-10"]
    membership.group = group  # moved to another group by hand
    membership.save()
    assert len(keys(api_client, student)) == 4
    Membership.objects.filter(pk=membership.pk).get().delete()
    assert keys(api_client, student) == []


def test_a_substitute_teacher_and_a_moved_lesson_are_seen(
    api_client, teacher, member, other_teacher, group, timetable
):
    """A rule or lesson taught by someone other than the group's teacher puts the group on
    their calendar; a lesson moved to another group leaves the old group's calendars."""
    assert keys(api_client, other_teacher) == []
    lesson = LiveLessonFactory(
        group=group,
        teacher=other_teacher,
        title="Замена",
        start=dt.datetime(2030, 9, 10, 9, tzinfo=MSK),
        end=dt.datetime(2030, 9, 10, 10, tzinfo=MSK),
    )
    assert titles(api_client, other_teacher) == ["Замена"]
    other_group = timetable["other"]
    assert "Замена" in titles(api_client, member)
    events(api_client, other_group.teacher)
    lesson = LiveLesson.objects.get(pk=lesson.pk)
    lesson.group = other_group
    lesson.save()
    assert "Замена" not in titles(api_client, member)
    assert "Замена" in titles(api_client, other_group.teacher)
    # A substitute given a rule by hand.
    rule = timetable["wednesday"]
    rule.teacher = other_teacher
    rule.save()
    assert "Оптика" in titles(api_client, other_teacher)


def test_deletions_are_seen(api_client, teacher, member, staff, group, rule, timetable):
    keys(api_client, member)
    LiveLesson.objects.filter(title="Консультация").delete()
    assert "Консультация" not in titles(api_client, member)
    rule.delete()
    assert "Механика" not in titles(api_client, member)
    assert "Оптика" in titles(api_client, staff)
    group.delete()
    assert keys(api_client, member) == [] and keys(api_client, teacher) == []
    assert titles(api_client, staff) == ["Реакции"]


def test_a_teacher_deleted_takes_their_lessons_off_other_calendars(
    api_client, member, other_teacher, group, timetable
):
    LiveLessonFactory(
        group=group,
        teacher=other_teacher,
        title="Замена",
        start=dt.datetime(2030, 9, 10, 9, tzinfo=MSK),
        end=dt.datetime(2030, 9, 10, 10, tzinfo=MSK),
    )
    assert "Замена" in titles(api_client, member)
    other_teacher.delete()
    assert "Замена" not in titles(api_client, member)


def test_becoming_staff_shows_the_school(api_client, teacher, timetable):
    assert len(keys(api_client, teacher)) == 4
    teacher.is_staff = True
    teacher.save()
    assert len(keys(api_client, teacher)) == 5


def test_saves_of_what_no_event_shows_keep_the_windows(api_client, teacher, group, timetable):
    """A join code or a lesson's Zoom link changes no calendar: the window stays kept."""
    api_client.force_authenticate(teacher)
    api_client.get(EVENTS, WEEK)
    services.rotate_join_code(teacher, group)
    lesson = LiveLesson.objects.get(title="Консультация")
    lesson.join_url = "https://zoom.example/j/1"
    lesson.save(update_fields=["join_url"])
    Group.objects.get(pk=group.pk).save(update_fields=["join_code"])
    assert _count(api_client) == 0


def test_what_is_kept_is_named_by_its_kind(teacher, timetable):
    """A new form of the rendered window (another ``kind``) never reads one kept in the old."""
    window = (dt.datetime(2030, 9, 9, tzinfo=MSK), dt.datetime(2030, 9, 16, tzinfo=MSK))
    old = services.calendar_events(teacher, *window, lambda found: ["old"], kind="test-1")
    new = services.calendar_events(teacher, *window, lambda found: ["new"], kind="test-2")
    again = services.calendar_events(teacher, *window, lambda found: ["again"], kind="test-1")
    assert (old, new, again) == (["old"], ["new"], ["old"])
