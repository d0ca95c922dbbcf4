"""Clashes made by daylight-saving changes, through the rules API.

On 2027-03-28 Berlin jumps from 02:00 to 03:00: a Sunday 02:30–03:30 lesson is held at
03:30–04:30 summer time that night. On 2027-10-31 it falls back from 03:00 to 02:00: a Sunday
02:30–03:30 lesson starts in the first 02:30 (summer time) and ends at 03:30 winter time, two
real hours. The clash check must see both, in the rule's own zone as in another.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from learning.schedule.models import RecurringLesson

from .factories import LiveLessonFactory

pytestmark = pytest.mark.django_db

RULES = "/api/schedule/rules/"
EVENTS = "/api/schedule/events/"
BERLIN = ZoneInfo("Europe/Berlin")
SUNDAY = 6


@pytest.fixture
def as_teacher(api_client, teacher):
    api_client.force_authenticate(teacher)
    return api_client


def sunday_rule(group, start, end, *, zone="Europe/Berlin", first="2027-03-01", last="2027-04-30"):
    return {
        "group": group.pk,
        "title": f"Ночной {start}",
        "weekday": SUNDAY,
        "week_type": "all",
        "start_time": start,
        "end_time": end,
        "start_date": first,
        "end_date": last,
        "timezone": zone,
    }


def post(client, body):
    return client.post(RULES, body, format="json")


def test_spring_gap_clash_is_refused_in_the_rules_own_zone_as_in_another(as_teacher, group):
    night = post(as_teacher, sunday_rule(group, "02:30", "03:30"))
    assert night.status_code == 201, night.content
    # The night of the change: served an hour later, at 03:30–04:30 summer time.
    events = as_teacher.get(EVENTS, {"start": "2027-03-28", "end": "2027-03-29"}).json()
    assert [(e["id"], e["start"][:10]) for e in events] == [
        (f"rule:{night.json()['id']}:2027-03-28", "2027-03-28")
    ]
    assert dt.datetime.fromisoformat(events[0]["start"]) == dt.datetime(
        2027, 3, 28, 3, 30, tzinfo=BERLIN
    )

    for zone in ("Europe/Paris", "Europe/Berlin"):
        clash = post(as_teacher, sunday_rule(group, "03:30", "04:30", zone=zone))
        assert clash.status_code == 409, (zone, clash.content)
        assert "Ночной 02:30" in clash.json()["detail"]
    # 04:00–04:15 is after 03:30 on the clock, but inside 03:30–04:30 summer time that night.
    assert post(as_teacher, sunday_rule(group, "04:00", "04:15")).status_code == 409
    assert RecurringLesson.objects.count() == 1

    # Away from the change night the same times are free: the wall-clock shortcut still holds.
    later = post(as_teacher, sunday_rule(group, "03:30", "04:30", first="2027-04-01"))
    assert later.status_code == 201, later.content
    touching = post(as_teacher, sunday_rule(group, "01:30", "02:30"))
    assert touching.status_code == 201, touching.content


def test_spring_gap_seen_from_the_other_side(as_teacher, group):
    # The later lesson exists first; the night lesson pushed onto it is refused.
    assert post(as_teacher, sunday_rule(group, "03:30", "04:30")).status_code == 201
    assert post(as_teacher, sunday_rule(group, "02:30", "03:30")).status_code == 409
    # The week of 2027-03-01 is upper, so 28 March falls in a lower week: a rule of the upper
    # weeks never meets the change night, one of the lower weeks does.
    lower = post(as_teacher, {**sunday_rule(group, "02:30", "03:30"), "week_type": "lower"})
    assert lower.status_code == 409, lower.content
    upper = post(as_teacher, {**sunday_rule(group, "02:30", "03:30"), "week_type": "upper"})
    assert upper.status_code == 201, upper.content


def test_autumn_fold_keeps_both_hours(as_teacher, group):
    autumn = {"first": "2027-10-01", "last": "2027-11-30"}
    night = post(as_teacher, sunday_rule(group, "02:30", "03:30", **autumn))
    assert night.status_code == 201, night.content
    events = as_teacher.get(EVENTS, {"start": "2027-10-31", "end": "2027-11-01"}).json()
    start, end = (dt.datetime.fromisoformat(events[0][k]) for k in ("start", "end"))
    # The first 02:30 (summer time) to 03:30 winter time: two real hours.
    assert (start.astimezone(dt.UTC), end.astimezone(dt.UTC)) == (
        dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC),
        dt.datetime(2027, 10, 31, 2, 30, tzinfo=dt.UTC),
    )
    # The lesson touching either end is no clash, in Berlin and in Paris.
    for zone in ("Europe/Berlin", "Europe/Paris"):
        after = post(as_teacher, sunday_rule(group, "03:30", "04:00", zone=zone, **autumn))
        before = post(as_teacher, sunday_rule(group, "02:00", "02:30", zone=zone, **autumn))
        assert (after.status_code, before.status_code) == (201, 201), (after.content, zone)
        RecurringLesson.objects.filter(pk__in=[after.json()["id"], before.json()["id"]]).delete()
    # 03:00–03:30: wall-clock inside the lesson, refused in either zone.
    for zone in ("Europe/Berlin", "Europe/Paris"):
        clash = post(as_teacher, sunday_rule(group, "03:00", "03:30", zone=zone, **autumn))
        assert clash.status_code == 409, (zone, clash.content)


def test_autumn_fold_second_hour_clashes_with_a_one_off_lesson(as_teacher, group):
    # 02:15 winter time, the repeated hour (01:15 UTC): inside the night lesson's two hours.
    LiveLessonFactory(
        group=group,
        start=dt.datetime(2027, 10, 31, 1, 15, tzinfo=dt.UTC),
        end=dt.datetime(2027, 10, 31, 1, 45, tzinfo=dt.UTC),
    )
    autumn = {"first": "2027-10-01", "last": "2027-11-30"}
    clash = post(as_teacher, sunday_rule(group, "02:30", "03:30", **autumn))
    assert clash.status_code == 409, clash.content
