"""The timetable over JSON: groups, the events window, rules, live lessons, attendance."""

import datetime as dt

import pytest
from django.utils import timezone
from drf_spectacular import plumbing
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings, spectacular_settings

from learning.schedule import services
from learning.schedule.models import (
    Attendance,
    Group,
    LessonException,
    LiveLesson,
    Membership,
    RecurringLesson,
)

from ..factories import StudentFactory
from .conftest import MSK
from .factories import GroupFactory, LiveLessonFactory, MembershipFactory, RuleFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/schedule/events/"
SEPTEMBER = {"start": "2030-09-01T00:00:00+03:00", "end": "2030-10-01T00:00:00+03:00"}
# The lines the project's SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] needs for this app.
SCHEDULE_ENUMS = {
    "LiveLessonStatusEnum": "learning.schedule.models.LiveLesson.Status",
    "AttendanceStatusEnum": "learning.schedule.models.Attendance.Status",
    "InvitationStatusEnum": "learning.schedule.models.Invitation.Status",
}


@pytest.fixture
def as_teacher(api_client, teacher):
    api_client.force_authenticate(teacher)
    return api_client


@pytest.fixture
def as_member(api_client, member):
    api_client.force_authenticate(member)
    return api_client


# --- groups ---------------------------------------------------------------------------------------


def test_teacher_creates_and_edits_a_group(as_teacher, teacher):
    made = as_teacher.post("/api/groups/", {"name": "Химия 11", "colour": "#00AA55"}, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["name"], body["colour"], body["students_count"]) == ("Химия 11", "#00aa55", 0)
    assert body["teacher"]["id"] == str(teacher.public_id)
    group_id = body["id"]
    bad = as_teacher.patch(f"/api/groups/{group_id}/", {"colour": "green"}, format="json")
    assert bad.status_code == 400 and "colour" in bad.json()
    renamed = as_teacher.patch(f"/api/groups/{group_id}/", {"name": "Химия 11А"}, format="json")
    assert renamed.json()["name"] == "Химия 11А"
    assert as_teacher.delete(f"/api/groups/{group_id}/").status_code == 204
    assert not Group.objects.exists()


def test_students_read_their_groups_but_cannot_edit(as_member, group, member, outsider, api_client):
    listed = as_member.get("/api/groups/")
    assert listed.status_code == 200
    [row] = listed.json()["results"]
    assert row["id"] == group.pk and row["students_count"] == 1
    assert row["students"] == []  # classmates' e-mails are for the teacher only
    assert (
        as_member.patch(f"/api/groups/{group.pk}/", {"name": "x"}, format="json").status_code == 403
    )
    assert as_member.post("/api/groups/", {"name": "Моя"}, format="json").status_code == 403
    api_client.force_authenticate(outsider)
    assert api_client.get(f"/api/groups/{group.pk}/").status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get("/api/groups/").status_code in (401, 403)


def test_students_join_only_by_invitation_and_are_removed_by_id(
    as_teacher, group, group_course, teacher
):
    as_teacher.patch(f"/api/groups/{group.pk}/", {"course": group_course.pk}, format="json")
    person = StudentFactory(email="boris@example.com")
    url = f"/api/groups/{group.pk}/students/"
    # Adding someone by e-mail is gone: an invitation is the way (test_invitations).
    assert as_teacher.post(url, {"email": "BORIS@example.com"}, format="json").status_code == 405
    assert not Membership.objects.filter(student=person).exists()
    group.refresh_from_db()
    services.admit(group, person)
    assert person.enrollments.get().source == "group"
    removed = as_teacher.delete(url, {"id": str(person.public_id)}, format="json")
    assert removed.status_code == 200
    assert removed.json()["students"] == []
    assert not Membership.objects.filter(student=person).exists()
    assert person.enrollments.get().status == "expired"


def test_group_list_in_fixed_queries(as_teacher, teacher, django_assert_max_num_queries):
    for _i in range(25):
        group = GroupFactory(teacher=teacher)
        MembershipFactory.create_batch(2, group=group)
    with django_assert_max_num_queries(4):
        response = as_teacher.get("/api/groups/?page_size=30")
    assert len(response.json()["results"]) == 25
    assert all(len(row["students"]) == 2 for row in response.json()["results"])


# --- the events window ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "start"),
        ({"start": "2030-09-01"}, "end"),
        ({"start": "yesterday", "end": "2030-09-02"}, "start"),
        ({"start": "2030-09-02", "end": "2030-09-01"}, "end"),
        ({"start": "2030-09-01", "end": "2030-12-31"}, "end"),
    ],
)
def test_events_window_is_required_and_capped(as_teacher, params, field):
    response = as_teacher.get(EVENTS, params)
    assert response.status_code == 400
    assert field in response.json()


def test_events_as_fullcalendar_json(as_teacher, rule, one_off, group):
    response = as_teacher.get(EVENTS, SEPTEMBER)
    assert response.status_code == 200
    events = response.json()
    assert [e["id"] for e in events][:2] == [f"rule:{rule.pk}:2030-09-02", f"lesson:{one_off.pk}"]
    first = events[0]
    assert first["title"] == "Механика"
    assert dt.datetime.fromisoformat(first["start"]) == dt.datetime(2030, 9, 2, 10, tzinfo=MSK)
    assert dt.datetime.fromisoformat(first["end"]) == dt.datetime(2030, 9, 2, 11, 30, tzinfo=MSK)
    assert first["color"] == "#e4572e"
    assert first["editable"] is True
    props = first["extendedProps"]
    assert props["group"] == group.pk and props["groupName"] == "Физика 9А"
    assert (props["status"], props["rule"], props["lesson"]) == ("scheduled", rule.pk, None)
    assert props["occurrenceDate"] == "2030-09-02"
    assert props["editable"] is True
    assert props["url"].endswith(f"/lessons/rule:{rule.pk}:2030-09-02/")


def test_events_for_students_are_read_only_and_dates_work(as_member, rule):
    # Plain dates and FullCalendar's "+" that arrived as a space are read too.
    response = as_member.get(EVENTS, {"start": "2030-09-01", "end": "2030-09-08T00:00:00 03:00"})
    assert response.status_code == 200
    events = response.json()
    assert [e["id"] for e in events] == [f"rule:{rule.pk}:2030-09-02"]
    assert events[0]["editable"] is False and events[0]["extendedProps"]["editable"] is False


def test_events_with_cancelled_on_request(as_teacher, rule, teacher):
    as_teacher.post(
        f"/api/schedule/rules/{rule.pk}/cancel-occurrence/", {"date": "2030-09-02"}, format="json"
    )
    week = {"start": "2030-09-01", "end": "2030-09-08"}
    assert as_teacher.get(EVENTS, week).json() == []
    shown = as_teacher.get(EVENTS, {**week, "cancelled": "1"}).json()
    assert [(e["extendedProps"]["status"], e["editable"]) for e in shown] == [("cancelled", False)]


def test_events_query_count_with_many_rules(as_teacher, teacher, django_assert_max_num_queries):
    for i in range(60):
        group = GroupFactory(teacher=teacher)
        rule = RuleFactory(
            group=group,
            weekday=i % 7,
            start_time=dt.time(7 + i % 12),
            end_time=dt.time(7 + i % 12, 30),
        )
        LessonException.objects.create(
            rule=rule, original_date=dt.date(2030, 9, 2) + dt.timedelta(days=i % 7), cancelled=True
        )
        LiveLessonFactory(group=group, start=dt.datetime(2030, 9, 1 + i % 28, 21, tzinfo=MSK))
    with django_assert_max_num_queries(5):
        response = as_teacher.get(EVENTS, SEPTEMBER)
    assert response.status_code == 200
    assert len(response.json()) > 200


# --- rules ----------------------------------------------------------------------------------------


def rule_body(group, **changes):
    body = {
        "group": group.pk,
        "title": "Оптика",
        "weekday": 2,
        "week_type": "upper",
        "start_time": "15:00",
        "end_time": "16:00",
        "start_date": "2030-09-02",
        "end_date": "2030-12-29",
        "timezone": "Europe/Moscow",
    }
    body.update(changes)
    return body


def test_rule_crud_and_conflict(as_teacher, group, rule, teacher):
    made = as_teacher.post("/api/schedule/rules/", rule_body(group), format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["teacher"] == teacher.pk and body["week_type"] == "upper"
    assert "warning" in body
    clash = as_teacher.post(
        "/api/schedule/rules/",
        rule_body(group, weekday=0, start_time="11:00", end_time="12:00"),
        format="json",
    )
    assert clash.status_code == 409
    assert "Механика" in clash.json()["detail"]
    bad = as_teacher.post(
        "/api/schedule/rules/", rule_body(group, timezone="Nowhere/City"), format="json"
    )
    assert bad.status_code == 400 and "timezone" in bad.json()

    split = as_teacher.patch(
        f"/api/schedule/rules/{body['id']}/",
        {"from_date": "2030-10-07", "start_time": "16:00", "end_time": "17:00"},
        format="json",
    )
    assert split.status_code == 200, split.content
    assert split.json()["id"] != body["id"] and split.json()["start_date"] == "2030-10-07"
    assert RecurringLesson.objects.get(pk=body["id"]).end_date == dt.date(2030, 10, 6)

    in_place = as_teacher.patch(
        f"/api/schedule/rules/{rule.pk}/", {"title": "Кинематика"}, format="json"
    )
    assert in_place.json()["id"] == rule.pk and in_place.json()["title"] == "Кинематика"
    assert as_teacher.delete(f"/api/schedule/rules/{split.json()['id']}/").status_code == 204


def test_rule_occurrence_actions(as_teacher, rule, one_off):
    moved = as_teacher.post(
        f"/api/schedule/rules/{rule.pk}/move-occurrence/",
        {
            "date": "2030-09-09",
            "start": "2030-09-10T12:00:00+03:00",
            "end": "2030-09-10T13:00:00+03:00",
        },
        format="json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["key"] == f"rule:{rule.pk}:2030-09-09"
    assert LessonException.objects.get(original_date=dt.date(2030, 9, 9)).new_start == dt.datetime(
        2030, 9, 10, 12, tzinfo=MSK
    )
    clash = as_teacher.post(
        f"/api/schedule/rules/{rule.pk}/move-occurrence/",
        {
            "date": "2030-09-16",
            "start": "2030-09-04T18:30:00+03:00",
            "end": "2030-09-04T19:00:00+03:00",
        },
        format="json",
    )
    assert clash.status_code == 409 and "Консультация" in clash.json()["detail"]
    wrong_day = as_teacher.post(
        f"/api/schedule/rules/{rule.pk}/cancel-occurrence/", {"date": "2030-09-10"}, format="json"
    )
    assert wrong_day.status_code == 400 and "date" in wrong_day.json()


def test_students_cannot_change_rules(as_member, rule, group):
    assert as_member.get("/api/schedule/rules/").json()["count"] == 1
    assert (
        as_member.post("/api/schedule/rules/", rule_body(group), format="json").status_code == 403
    )
    cancel = as_member.post(
        f"/api/schedule/rules/{rule.pk}/cancel-occurrence/", {"date": "2030-09-09"}, format="json"
    )
    assert cancel.status_code == 403
    assert as_member.delete(f"/api/schedule/rules/{rule.pk}/").status_code == 403
    assert not LessonException.objects.exists()


# --- live lessons and attendance ------------------------------------------------------------------


def test_live_lesson_create_move_cancel(as_teacher, group, one_off):
    body = {
        "group": group.pk,
        "title": "Разбор контрольной",
        "start": "2030-09-05T18:00:00+03:00",
        "end": "2030-09-05T19:00:00+03:00",
    }
    made = as_teacher.post("/api/lessons/live/", body, format="json")
    assert made.status_code == 201, made.content
    lesson_id = made.json()["id"]
    assert made.json()["key"] == f"lesson:{lesson_id}" and made.json()["status"] == "scheduled"
    clash = as_teacher.patch(
        f"/api/lessons/live/{lesson_id}/",
        {"start": "2030-09-04T18:30:00+03:00", "end": "2030-09-04T19:30:00+03:00"},
        format="json",
    )
    assert clash.status_code == 409
    moved = as_teacher.patch(
        f"/api/lessons/live/{lesson_id}/",
        {"start": "2030-09-05T19:00:00+03:00", "end": "2030-09-05T20:00:00+03:00"},
        format="json",
    )
    assert moved.status_code == 200 and "warning" in moved.json()
    too_long = as_teacher.patch(
        f"/api/lessons/live/{lesson_id}/", {"end": "2030-09-06T20:00:00+03:00"}, format="json"
    )
    assert too_long.status_code == 400 and "end" in too_long.json()
    assert as_teacher.delete(f"/api/lessons/live/{lesson_id}/").status_code == 204
    assert LiveLesson.objects.get(pk=lesson_id).status == "cancelled"
    cancelled = as_teacher.post(f"/api/lessons/live/{one_off.pk}/cancel/")
    assert cancelled.json()["status"] == "cancelled"


def test_from_key_stores_the_occurrence(as_member, rule, outsider, api_client):
    key = f"rule:{rule.pk}:2030-09-16"
    response = as_member.post("/api/lessons/live/from-key/", {"key": key}, format="json")
    assert response.status_code == 200
    assert response.json()["occurrence_date"] == "2030-09-16"
    again = as_member.post("/api/lessons/live/from-key/", {"key": key}, format="json")
    assert again.json()["id"] == response.json()["id"]
    assert (
        as_member.post(
            "/api/lessons/live/from-key/", {"key": "rule:0:x"}, format="json"
        ).status_code
        == 404
    )
    api_client.force_authenticate(outsider)
    assert (
        api_client.post("/api/lessons/live/from-key/", {"key": key}, format="json").status_code
        == 403
    )


def test_attendance_over_the_api(as_teacher, api_client, group, member, teacher, outsider):
    now = timezone.now()
    lesson = LiveLessonFactory(
        group=group, start=now - dt.timedelta(minutes=1), end=now + dt.timedelta(hours=1)
    )
    other = StudentFactory()
    MembershipFactory(group=group, student=other)
    url = f"/api/lessons/live/{lesson.pk}/attendance/"
    listed = as_teacher.get(url).json()
    assert {row["student"]["id"] for row in listed} == {str(member.public_id), str(other.public_id)}
    assert {(row["status"], row["saved"]) for row in listed} == {("present", False)}
    marks = {"marks": [{"student": str(other.public_id), "status": "late", "note": "10 минут"}]}
    saved = as_teacher.put(url, marks, format="json")
    assert saved.status_code == 200, saved.content
    assert {(row["status"], row["saved"]) for row in saved.json()} == {
        ("present", True),
        ("late", True),
    }
    stranger = as_teacher.put(
        url, {"marks": [{"student": str(outsider.public_id), "status": "absent"}]}, format="json"
    )
    assert stranger.status_code == 400 and "marks" in stranger.json()
    api_client.force_authenticate(member)
    own = api_client.get(url).json()
    assert [(row["student"]["id"], row["status"]) for row in own] == [
        (str(member.public_id), "present")
    ]
    assert api_client.put(url, marks, format="json").status_code == 403
    assert Attendance.objects.get(student=other).note == "10 минут"


# --- the schema -----------------------------------------------------------------------------------


def test_schema_builds_without_warnings():
    overrides = {**spectacular_settings.ENUM_NAME_OVERRIDES, **SCHEDULE_ENUMS}
    try:
        with patched_settings({"ENUM_NAME_OVERRIDES": overrides}):
            plumbing._load_enum_name_overrides.cache_clear()
            GENERATOR_STATS.reset()
            schema = SchemaGenerator().get_schema(request=None, public=True)
            warnings = dict(GENERATOR_STATS._warn_cache)
            errors = dict(GENERATOR_STATS._error_cache)
    finally:
        plumbing._load_enum_name_overrides.cache_clear()
    assert not warnings and not errors, (warnings, errors)
    for path in (
        "/api/groups/",
        "/api/groups/{id}/students/",
        "/api/groups/{id}/invitations/",
        "/api/groups/{id}/join-code/",
        "/api/groups/join/",
        "/api/group-invitations/{id}/accept/",
        "/api/schedule/events/",
        "/api/schedule/rules/{id}/move-occurrence/",
        "/api/lessons/live/{id}/attendance/",
    ):
        assert path in schema["paths"]
