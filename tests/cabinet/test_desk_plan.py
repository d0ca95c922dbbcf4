"""The desk's "Deadlines" (homework, tests, control points, with their kind) and "Next live
lessons" (the person's timetable from now on), each with an empty state, in a fixed number of
queries."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone, translation

from learning.enrollment.models import Enrollment
from learning.homework.models import Homework
from learning.schedule.models import LiveLesson
from learning.schedule.services import next_lessons

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory, TeacherFactory
from ..homework.factories import HomeworkFactory
from ..kept import kept_lifetimes
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory, RuleFactory

pytestmark = pytest.mark.django_db

URL = "/ru/cabinet/"


def rows(html: str, testid: str) -> list[str]:
    found = re.findall(rf'<tr data-testid="{testid}">(.*?)</tr>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


def lesson_at(group, start, **kwargs):
    return LiveLessonFactory(group=group, start=start, end=start + dt.timedelta(hours=1), **kwargs)


def test_deadlines_name_their_kind(client, catalog):
    person = StudentFactory()
    course = CoursePageFactory(parent=catalog, title="Химия", price=0)
    lesson = LessonPageFactory(parent=course)
    Enrollment.objects.create(user=person, course=course, source="free")
    now = timezone.now()
    for days, kind, title in (
        (1, Homework.Kind.HOMEWORK, "Задачи"),
        (2, Homework.Kind.TEST, "Тест по теме"),
        (3, Homework.Kind.CONTROL_POINT, "Контрольная"),
    ):
        HomeworkFactory(lesson=lesson, kind=kind, title=title, due_at=now + dt.timedelta(days=days))
    client.force_login(person)
    found = rows(client.get(URL).content.decode(), "deadline")
    assert [row.split(" Химия ")[0] for row in found] == [
        "Задачи Домашнее задание",
        "Тест по теме Тест",
        "Контрольная Контрольная точка",
    ]


def test_next_lessons_list_the_coming_ones_with_a_link_and_the_time_zone(client):
    person = StudentFactory()
    group = GroupFactory(name="10 «Б»")
    MembershipFactory(group=group, student=person)
    now = timezone.now()
    soon = lesson_at(group, now + dt.timedelta(days=1), title="Дроби")
    under_way = lesson_at(group, now - dt.timedelta(minutes=20), title="Идёт", status="live")
    lesson_at(group, now + dt.timedelta(days=2), title="Отменён", status="cancelled")
    lesson_at(group, now - dt.timedelta(days=1), title="Прошёл", status="ended")
    lesson_at(GroupFactory(), now + dt.timedelta(days=1), title="Чужой")
    client.force_login(person)
    html = client.get(URL).content.decode()
    found = rows(html, "next-lesson")
    assert len(found) == 2
    assert found[0].endswith("Идёт сейчас Идёт 10 «Б»")
    assert found[1].endswith("Дроби 10 «Б»")
    with translation.override("ru"):  # in the current time zone: "Пт, 4 декабря, 18:00"
        when = dateformat.format(timezone.localtime(soon.start), "D, j E, H:i")
    assert found[1] == f"{when} Дроби 10 «Б»"
    assert f'href="/ru/schedule/lessons/lesson:{soon.pk}/"' in html
    assert f'href="/ru/schedule/lessons/lesson:{under_way.pk}/"' in html
    assert "Время в часовом поясе Europe/Moscow." in html
    assert 'data-testid="next-lessons-empty"' not in html


def test_weekly_lessons_come_as_occurrences_and_the_list_stops_at_five(client):
    person = StudentFactory()
    group = GroupFactory()
    MembershipFactory(group=group, student=person)
    today = timezone.localdate()
    RuleFactory(
        group=group,
        title="Каждую неделю",
        weekday=today.weekday(),
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=120),
    )
    found = next_lessons(person)
    assert len(found) == 5
    assert {lesson.occurrence.title for lesson in found} == {"Каждую неделю"}
    assert [lesson.occurrence.start for lesson in found] == sorted(
        lesson.occurrence.start for lesson in found
    )
    client.force_login(person)
    html = client.get(URL).content.decode()
    assert html.count('data-testid="next-lesson"') == 5
    assert f'href="/ru/schedule/lessons/{found[0].occurrence.key}/"' in html


def test_a_teacher_sees_the_lessons_they_teach(client):
    teacher = TeacherFactory()
    group = GroupFactory(teacher=teacher)
    lesson_at(group, timezone.now() + dt.timedelta(hours=3), title="Мой урок")
    assert [n.occurrence.title for n in next_lessons(teacher)] == ["Мой урок"]


def test_empty_states(client):
    client.force_login(StudentFactory())
    html = client.get(URL).content.decode()
    assert 'data-testid="deadlines-empty"' in html
    assert 'data-testid="next-lessons-empty"' in html
    assert "Ближайших живых уроков нет." in html
    assert 'href="/ru/schedule/"' in html  # the timetable


def test_the_desk_takes_the_same_queries_whatever_the_number_of_lessons(client, catalog):
    person = StudentFactory()
    client.force_login(person)
    now = timezone.now()

    def add(count: int) -> None:
        for _ in range(count):
            group = GroupFactory()
            MembershipFactory(group=group, student=person)
            lesson_at(group, now + dt.timedelta(hours=5))
            RuleFactory(
                group=group,
                weekday=timezone.localdate().weekday(),
                start_date=timezone.localdate() + dt.timedelta(days=1),
                end_date=timezone.localdate() + dt.timedelta(days=60),
            )
            course = CoursePageFactory(parent=catalog, price=0)
            lesson = LessonPageFactory(parent=course)
            Enrollment.objects.create(user=person, course=course, source="free")
            HomeworkFactory(
                lesson=lesson,
                kind=Homework.Kind.CONTROL_POINT,
                due_at=now + dt.timedelta(days=2),
            )

    def count() -> int:
        cache.clear()  # the desk as computed, not as kept (core.personal, calendar_cache)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    add(1)
    count()  # the first request makes what is made once (settings, site roots)
    few = count()
    add(8)
    assert count() == few
    assert LiveLesson.objects.count() == 9


def test_next_lessons_follow_the_timetable_while_the_hour_is_kept(client):
    person = StudentFactory()
    group = GroupFactory(name="Вечерняя группа")
    client.force_login(person)
    soon = timezone.now() + dt.timedelta(hours=3)
    assert not rows(client.get(URL).content.decode(), "next-lesson")
    MembershipFactory(group=group, student=person)  # tied to the group: their counter
    lesson = lesson_at(group, soon)
    assert len(rows(client.get(URL).content.decode(), "next-lesson")) == 1
    lesson.status = LiveLesson.Status.CANCELLED  # the group's counter
    lesson.save()
    assert not rows(client.get(URL).content.decode(), "next-lesson")
    # Within the kept hour, a lesson already over drops from the list as time passes.
    lesson.status = LiveLesson.Status.SCHEDULED
    lesson.save()
    later = soon + dt.timedelta(hours=2)
    assert next_lessons(person, now=soon - dt.timedelta(minutes=30))
    assert not next_lessons(person, now=later)


def test_deadlines_are_kept_until_homework_the_learners_work_the_groups_or_the_clock_change(
    client, catalog
):
    """Deadlines kept for the person (core.personal, ``homework.signals.CHANGED``): a new
    homework, a group's homework, the learner's handed-in work and the due date passing each
    show on the next visit."""
    from learning.homework.models import Submission

    person = StudentFactory()
    course = CoursePageFactory(parent=catalog, title="Физика", price=0)
    lesson = LessonPageFactory(parent=course)
    Enrollment.objects.create(user=person, course=course, source="free")
    now = timezone.now()
    soon = HomeworkFactory(lesson=lesson, title="Скоро", due_at=now + dt.timedelta(hours=1))
    client.force_login(person)

    def titles() -> list[str]:
        return [row.split(" ")[0] for row in rows(client.get(URL).content.decode(), "deadline")]

    with kept_lifetimes("deadlines") as lifetimes:
        assert titles() == ["Скоро"]
    # Kept until the nearest due date passes (the cache drops it then), an hour ahead.
    assert len(lifetimes) == 1 and 3590 <= lifetimes[0] <= 3600
    with CaptureQueriesContext(connection) as kept:
        assert titles() == ["Скоро"]
    assert not any("homework_homework" in query["sql"] for query in kept.captured_queries)
    HomeworkFactory(lesson=lesson, title="Потом", due_at=now + dt.timedelta(days=2))
    assert titles() == ["Скоро", "Потом"]
    # Homework given to the learner's group through a live lesson of it.
    group = GroupFactory()
    given = HomeworkFactory(
        course=None, lesson=None, title="Группе", due_at=now + dt.timedelta(days=3)
    )
    lesson_at(group, now + dt.timedelta(days=1), homework=given)
    assert titles() == ["Скоро", "Потом"]
    MembershipFactory(group=group, student=person)
    assert titles() == ["Скоро", "Потом", "Группе"]
    # Handed in: no longer owed.
    Submission.objects.create(
        homework=soon, student=person, status=Submission.Status.SUBMITTED, started_at=now
    )
    assert titles() == ["Потом", "Группе"]
