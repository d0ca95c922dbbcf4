"""The learner's homework list (/homework/): their courses' and groups' homework with where
they stand, the latest due date first, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning.enrollment.models import Enrollment
from learning.homework.models import Submission

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory
from .factories import HomeworkFactory

pytestmark = pytest.mark.django_db

URL = "/ru/homework/"
Status = Submission.Status
NOW = timezone.now()


def hand_in(student, homework, status, grade=None, attempt=1):
    return Submission.objects.create(
        student=student,
        homework=homework,
        attempt=attempt,
        started_at=NOW,
        submitted_at=None if status == Status.IN_PROGRESS else NOW,
        status=status,
        grade=grade,
    )


def rows(client) -> list[tuple[str, str]]:
    """The listed homework in order, each with the learner's latest status ("todo": none)."""
    response = client.get(URL)
    assert response.status_code == 200
    return [
        (homework.title, homework.latest.status if homework.latest else "todo")
        for homework in response.context["page_obj"]
    ]


def test_a_learner_sees_their_courses_and_groups_homework_with_where_they_stand(
    client, course, lesson, learner, teacher
):
    graded = HomeworkFactory(lesson=lesson, title="Кинематика", due_at=NOW - dt.timedelta(days=9))
    waiting = HomeworkFactory(lesson=lesson, title="Динамика", due_at=NOW - dt.timedelta(days=1))
    overdue = HomeworkFactory(lesson=lesson, title="Статика", due_at=NOW - dt.timedelta(days=2))
    later = HomeworkFactory(lesson=lesson, title="Оптика", due_at=NOW + dt.timedelta(days=5))
    undated = HomeworkFactory(lesson=lesson, title="Без срока")
    hand_in(learner, graded, Status.RETURNED, attempt=1)
    hand_in(learner, graded, Status.GRADED, grade=Decimal("85"), attempt=2)
    hand_in(learner, waiting, Status.NEEDS_REVIEW)
    # Given to a group the learner is in, without a course.
    group = GroupFactory(teacher=teacher)
    MembershipFactory(group=group, student=learner)
    given = HomeworkFactory(title="Для группы", due_at=NOW + dt.timedelta(days=1))
    LiveLessonFactory(group=group, homework=given)
    # Not theirs: another course, another group, a draft lesson, a course whose access ended.
    other = CoursePageFactory(parent=course.get_parent())
    HomeworkFactory(lesson=LessonPageFactory(parent=other), title="Чужой курс")
    LiveLessonFactory(group=GroupFactory(teacher=teacher), homework=HomeworkFactory(title="Чужая"))
    HomeworkFactory(lesson=LessonPageFactory(parent=course, live=False), title="Черновик")
    ended = CoursePageFactory(parent=course.get_parent())
    Enrollment.objects.create(
        user=learner, course=ended, source="free", expires_at=NOW - dt.timedelta(days=1)
    )
    HomeworkFactory(lesson=LessonPageFactory(parent=ended), title="Доступ закончился")

    client.force_login(learner)
    assert rows(client) == [
        ("Оптика", "todo"),
        ("Для группы", "todo"),
        ("Динамика", Status.NEEDS_REVIEW),
        ("Статика", "todo"),
        ("Кинематика", Status.GRADED),  # the latest attempt
        ("Без срока", "todo"),
    ]
    html = client.get(URL).content.decode()
    assert "Мои задания" in html and "Физика" in html and "Урок 1" in html
    assert html.count("Нужно сделать") == 4
    assert "Ждёт проверки преподавателем" in html
    assert "85%" in html
    assert html.count('data-testid="overdue"') == 1  # Статика: past due, nothing handed in
    assert (
        f'href="/ru/homework/{overdue.pk}/"' in html and f'href="/ru/homework/{later.pk}/"' in html
    )
    assert f'href="/ru/homework/{undated.pk}/"' in html
    assert 'href="/ru/homework/" aria-current="page"' in html  # the cabinet menu's entry
    assert 'data-testid="review-queue-link"' not in html


def test_the_list_is_paginated_in_a_fixed_number_of_queries(client, lesson, learner):
    client.force_login(learner)

    def give(count: int) -> None:
        for i in range(count):
            homework = HomeworkFactory(lesson=lesson, due_at=NOW + dt.timedelta(days=i))
            if i % 2:
                hand_in(learner, homework, Status.GRADED, grade=Decimal("70"))

    def queries(page: int = 1) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"page": page}).status_code == 200
        return len(captured)

    give(3)
    client.get(URL)  # the site frame's cached texts
    few = queries()
    give(40)
    client.get(URL)  # what is kept about the person (their deadlines), again
    assert queries() == few
    assert queries(page=2) == few
    html = client.get(URL).content.decode()
    assert html.count('data-testid="my-homework-row"') == 20
    assert 'rel="next"' in html


def test_nothing_to_do_yet_says_so(client, learner):
    client.force_login(learner)
    html = client.get(URL).content.decode()
    assert 'data-testid="my-homework-empty"' in html and "Заданий пока нет" in html
    assert "<table" not in html


def test_a_teacher_sees_their_own_homework_as_a_learner_and_the_way_to_their_queue(
    client, teacher, homework, catalog
):
    # The homework of the course they teach is graded by them, not theirs to do.
    client.force_login(teacher)
    html = client.get(URL).content.decode()
    assert 'data-testid="my-homework-empty"' in html
    assert 'data-testid="review-queue-link"' in html and 'href="/ru/homework/review/"' in html
    # A course they study in themselves: its homework is listed.
    studied = CoursePageFactory(parent=catalog)
    Enrollment.objects.create(user=teacher, course=studied, source="free")
    mine = HomeworkFactory(lesson=LessonPageFactory(parent=studied), title="Учусь сам")
    assert rows(client) == [(mine.title, "todo")]


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_the_english_page_is_in_english(client, db):
    client.force_login(StudentFactory())
    html = client.get("/en/homework/").content.decode()
    assert "My homework" in html and "No homework yet" in html


def test_the_desk_lists_the_nearest_deadlines_still_owed(client, lesson, learner):
    soon = HomeworkFactory(lesson=lesson, title="Скоро", due_at=NOW + dt.timedelta(days=1))
    later = HomeworkFactory(lesson=lesson, title="Позже", due_at=NOW + dt.timedelta(days=4))
    handed_in = HomeworkFactory(lesson=lesson, title="Сдано", due_at=NOW + dt.timedelta(days=2))
    returned = HomeworkFactory(
        lesson=lesson, title="На доработку", due_at=NOW + dt.timedelta(days=3)
    )
    HomeworkFactory(lesson=lesson, title="Прошло", due_at=NOW - dt.timedelta(days=1))
    HomeworkFactory(lesson=lesson, title="Без срока")
    hand_in(learner, handed_in, Status.NEEDS_REVIEW)
    hand_in(learner, returned, Status.RETURNED)
    client.force_login(learner)
    response = client.get("/ru/cabinet/")
    assert [item.title for item in response.context["deadlines"]] == [
        soon.title,
        returned.title,
        later.title,
    ]
    html = response.content.decode()
    assert html.count('data-testid="deadline"') == 3 and 'href="/ru/homework/"' in html


def test_the_desk_without_deadlines_points_to_the_homework_list(client, learner):
    client.force_login(learner)
    html = client.get("/ru/cabinet/").content.decode()
    assert 'data-testid="deadlines"' not in html
    assert 'data-testid="deadlines-empty"' in html
    assert "Сдавать нечего: домашние задания, тесты и контрольные точки вас не ждут." in html
    assert "Все мои задания" in html
