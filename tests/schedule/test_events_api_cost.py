"""The events window's cost (issue 19, goal 6): a fixed number of queries whatever the number
of occurrences, rules, exceptions and stored lessons, and the exact JSON FullCalendar reads
(rows are read as tuples, not models; the answer must not change with that)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.schedule.models import LessonException, LiveLesson, RecurringLesson

from ..factories import TeacherFactory
from .conftest import MSK
from .factories import GroupFactory, LiveLessonFactory, RuleFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/schedule/events/"
WEEK = {"start": "2030-09-09T00:00:00+03:00", "end": "2030-09-16T00:00:00+03:00"}
BERLIN_SUMMER = dt.timezone(dt.timedelta(hours=2))


def _timetable(teacher, groups: int, rules_per_group: int) -> None:
    """Rules on every weekday (one Berlin's), a cancelled and a moved occurrence, a stored
    occurrence and a one-off lesson per group."""
    for g in range(groups):
        group = GroupFactory(teacher=teacher, name=f"Группа {g}", colour=f"#00{g:02d}aa")
        for r in range(rules_per_group):
            RuleFactory(
                group=group,
                title=f"Урок {g}.{r}",
                weekday=r % 7,
                start_time=dt.time(8 + r % 10),
                end_time=dt.time(8 + r % 10, 45),
                timezone="Europe/Berlin" if r == 1 else "Europe/Moscow",
            )
        rules = list(group.rules.order_by("pk"))
        LessonException.objects.create(
            rule=rules[0], original_date=dt.date(2030, 9, 9), cancelled=True
        )
        if len(rules) > 2:
            LessonException.objects.create(
                rule=rules[2],
                original_date=dt.date(2030, 9, 11),
                cancelled=False,
                new_start=dt.datetime(2030, 9, 12, 18, tzinfo=MSK),
                new_end=dt.datetime(2030, 9, 12, 19, tzinfo=MSK),
            )
        if len(rules) > 3:
            LiveLesson.objects.create(
                group=group,
                teacher=teacher,
                title=rules[3].title,
                start=dt.datetime(2030, 9, 12, 8, tzinfo=MSK),
                end=dt.datetime(2030, 9, 12, 8, 45, tzinfo=MSK),
                status=LiveLesson.Status.ENDED,
                rule=rules[3],
                occurrence_date=dt.date(2030, 9, 12),
            )
        LiveLessonFactory(
            group=group,
            teacher=teacher,
            title=f"Разовый {g}",
            start=dt.datetime(2030, 9, 14, 12, tzinfo=MSK),
            end=dt.datetime(2030, 9, 14, 13, tzinfo=MSK),
        )


def _queries(client, params) -> tuple[int, list]:
    client.get(EVENTS, params)  # the session and user once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EVENTS, params)
    assert response.status_code == 200
    return len(queries), response.json()


def test_queries_do_not_grow_with_occurrences(api_client, settings):
    # Computed afresh each time; what a window kept in the cache costs: test_events_cache.py.
    settings.SCHEDULE_EVENTS_CACHE_SECONDS = 0
    few, many = TeacherFactory(verified=True), TeacherFactory(verified=True)
    _timetable(few, groups=2, rules_per_group=5)
    _timetable(many, groups=10, rules_per_group=14)
    api_client.force_authenticate(few)
    few_count, few_events = _queries(api_client, WEEK)
    api_client.force_authenticate(many)
    many_count, many_events = _queries(api_client, WEEK)
    assert len(few_events) == 10 and len(many_events) == 140
    assert many_count == few_count == 4
    # Cancelled ones asked for: the same queries.
    many_cancelled, shown = _queries(api_client, {**WEEK, "cancelled": "1"})
    assert many_cancelled == many_count and len(shown) == 150


def test_the_events_json_is_exactly_what_fullcalendar_reads(api_client):
    teacher = TeacherFactory(verified=True)
    _timetable(teacher, groups=1, rules_per_group=4)
    api_client.force_authenticate(teacher)
    events = api_client.get(EVENTS, {**WEEK, "cancelled": "1"}).json()
    rules = dict(RecurringLesson.objects.values_list("title", "pk"))
    stored = LiveLesson.objects.get(rule__isnull=False)
    one_off = LiveLesson.objects.get(rule__isnull=True)
    group_id = one_off.group_id

    def event(key, title, start, end, status="scheduled", rule=None, lesson=None, day=None):
        editable = status == "scheduled"
        return {
            "id": key,
            "title": title,
            "start": start,
            "end": end,
            "color": "#0000aa",
            "editable": editable,
            "extendedProps": {
                "group": group_id,
                "groupName": "Группа 0",
                "status": status,
                "rule": rule,
                "lesson": lesson,
                "occurrenceDate": day,
                "editable": editable,
                "url": f"/ru/schedule/lessons/{key}/",
            },
        }

    first, second, third = rules["Урок 0.0"], rules["Урок 0.1"], rules["Урок 0.2"]
    assert events == [
        event(
            f"rule:{first}:2030-09-09",
            "Урок 0.0",
            "2030-09-09T08:00:00+03:00",
            "2030-09-09T08:45:00+03:00",
            status="cancelled",
            rule=first,
            day="2030-09-09",
        ),
        # Berlin's 09:00 on a summer Tuesday is 10:00 in Moscow, the site's zone.
        event(
            f"rule:{second}:2030-09-10",
            "Урок 0.1",
            "2030-09-10T10:00:00+03:00",
            "2030-09-10T10:45:00+03:00",
            rule=second,
            day="2030-09-10",
        ),
        event(
            f"lesson:{stored.pk}",
            "Урок 0.3",
            "2030-09-12T08:00:00+03:00",
            "2030-09-12T08:45:00+03:00",
            status="ended",
            rule=rules["Урок 0.3"],
            lesson=stored.pk,
            day="2030-09-12",
        ),
        # Moved from Wednesday to Thursday evening.
        event(
            f"rule:{third}:2030-09-11",
            "Урок 0.2",
            "2030-09-12T18:00:00+03:00",
            "2030-09-12T19:00:00+03:00",
            rule=third,
            day="2030-09-11",
        ),
        event(
            f"lesson:{one_off.pk}",
            "Разовый 0",
            "2030-09-14T12:00:00+03:00",
            "2030-09-14T13:00:00+03:00",
            lesson=one_off.pk,
        ),
    ]
    assert dt.datetime.fromisoformat(events[1]["start"]) == dt.datetime(
        2030, 9, 10, 9, tzinfo=BERLIN_SUMMER
    )
