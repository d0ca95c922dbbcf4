"""Cabinet → Grades (cabinet/grades.py): the learner's own grades per course, in words."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning.enrollment.models import Enrollment
from learning.grades import services
from learning.homework.models import Homework, Submission

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory
from .conftest import enroll, held_lesson, homework, join, mark, submit

pytestmark = pytest.mark.django_db

URL = "/ru/cabinet/grades/"
# The page reads the clock: dates around the real now.
NOW = timezone.now()
DONE = NOW - dt.timedelta(days=3)
AHEAD = NOW + dt.timedelta(days=3)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def item_rows(html: str) -> dict[str, str]:
    """Each item's row as text, by its title (the first cell)."""
    rows = re.findall(r'<tr data-testid="grade-item"[^>]*>(.*?)</tr>', html, re.S)
    found = {}
    for row in rows:
        title = text(re.search(r"<th[^>]*>(.*?)<br>", row, re.S).group(1))
        found[title] = text(row)
    return found


@pytest.fixture
def world(course, lesson, group, teacher):
    person = enroll(course, first_name="Анна")
    join(group, person)
    other = enroll(course)
    done = homework(lesson, title="Дроби", due_at=DONE)
    submit(person, done, "60")
    best = submit(person, done, "80", attempt=2)
    waiting = homework(lesson, Homework.Kind.TEST, title="Тест", due_at=DONE)
    submit(person, waiting, None, status=Submission.Status.NEEDS_REVIEW)
    late = homework(lesson, Homework.Kind.CONTROL_POINT, title="Контрольная", due_at=DONE)
    submit(person, late, "50", is_late=True)
    missing = homework(lesson, title="Забытое", due_at=DONE)
    later = homework(lesson, title="На потом", due_at=AHEAD)
    excused = homework(lesson, title="Прощённое", due_at=DONE)
    overridden = homework(lesson, title="Пересмотренное", due_at=DONE)
    submit(person, overridden, "10")
    submit(other, done, "13")
    services.excuse(teacher, course, person.pk, f"homework:{excused.pk}", True, "Болела")
    services.override(
        teacher, course, person.pk, f"homework:{overridden.pk}", Decimal(70), "Устный ответ"
    )
    lesson_held = held_lesson(group, start=DONE, title="Живой урок 1")
    mark(lesson_held, person, "late")
    return {
        "person": person,
        "best": best,
        "missing": missing,
        "later": later,
        "lesson": lesson_held,
    }


def test_each_item_has_its_score_status_in_words_and_a_link(client, world, course):
    client.force_login(world["person"])
    html = client.get(URL).content.decode()
    rows = item_rows(html)
    assert rows["Дроби"].endswith("80 % Проверена")  # the best attempt
    assert rows["Тест"].endswith("— Ждёт проверки")
    assert rows["Контрольная"].endswith("50 % Оценено, сдано с опозданием")
    assert rows["Забытое"].endswith("— Не сдано")
    assert rows["На потом"].endswith("— Ещё не сдано")
    assert rows["Прощённое"].endswith("— Уважительная причина")
    assert rows["Пересмотренное"].endswith("70 % Выставлено преподавателем")
    assert rows["Живой урок 1"].endswith("100 % Опоздал(а)")
    # The feedback: the latest attempt's page; work not handed in: the homework's page.
    assert f'href="/ru/homework/submissions/{world["best"].pk}/"' in html
    assert f'href="/ru/homework/{world["missing"].pk}/"' in html
    assert f'href="/ru/schedule/lessons/lesson:{world["lesson"].pk}/"' in html
    # Another learner's work is not on the page.
    assert "13 %" not in text(html)


def test_subtotals_final_grade_mark_pass_mark_and_what_is_open(client, world):
    client.force_login(world["person"])
    html = client.get(URL).content.decode()
    subtotals = text(re.search(r'data-testid="subtotals">(.*?)</table>', html, re.S).group(1))
    # Homework: 80, 0 (missing), 70 (overridden) → 50; the test waits; control point 50;
    # attendance 100 → (20 + 15 + 10) / 80 = 56.25.
    assert "Домашние задания 40 % 50 %" in subtotals
    assert "Тесты 20 % пока ничего не учтено" in subtotals
    assert "Контрольные точки 30 % 50 %" in subtotals
    assert "Посещаемость 10 % 100 %" in subtotals
    final = text(re.search(r'data-testid="final-grade">(.*?)</div>', html, re.S).group(1))
    assert final == (
        "56,25 % отметка 3 (удовлетворительно) Проходной балл набран Проходной балл: 50 %"
    )
    still_open = text(re.search(r'data-testid="still-open">(.*?)</ul>', html, re.S).group(1))
    assert still_open.startswith("На потом · Домашнее задание · срок")
    assert "Забытое" not in still_open  # its due date has passed


def test_below_the_pass_mark_says_so_in_words(client, course, lesson):
    person = enroll(course)
    submit(person, homework(lesson, Homework.Kind.CONTROL_POINT, due_at=DONE), "20")
    client.force_login(person)
    final = text(
        re.search(
            r'data-testid="final-grade">(.*?)</div>', client.get(URL).content.decode(), re.S
        ).group(1)
    )
    assert "20 % отметка 2 (неудовлетворительно) Ниже проходного балла" in final


def test_someone_without_courses_sees_the_empty_state(client):
    client.force_login(StudentFactory())
    html = client.get(URL).content.decode()
    assert 'data-testid="grades-empty"' in html
    assert "Оценок пока нет" in html
    assert 'data-testid="cabinet-grades"' in html  # the cabinet's menu leads here


def test_a_refunded_course_is_not_listed(client, course, lesson):
    person = enroll(course)
    Enrollment.objects.filter(user=person).update(status=Enrollment.Status.REFUNDED)
    client.force_login(person)
    assert 'data-testid="grades-empty"' in client.get(URL).content.decode()


def test_the_page_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_queries_do_not_grow_with_items_and_grow_by_a_fixed_number_per_course(
    client, catalog, teacher
):
    person = StudentFactory()
    client.force_login(person)

    def add_course(items: int):
        course = CoursePageFactory(parent=catalog, teacher=teacher, price=0)
        lesson = LessonPageFactory(parent=course)
        Enrollment.objects.create(user=person, course=course, source="free")
        for n in range(items):
            work = homework(lesson, due_at=DONE if n % 2 else AHEAD)
            if n % 3:
                submit(person, work, "75")
        return lesson

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    first = add_course(2)
    count()  # the first request fills caches (the site, the menus)
    one_small = count()
    for n in range(20):
        work = homework(first, due_at=DONE)
        if n % 2:
            submit(person, work, "90")
    count()  # what is kept about the person (core.personal), again
    assert count() == one_small  # more items in the course: the same queries
    add_course(2)
    count()
    two = count()
    add_course(30)
    count()
    three = count()
    per_course = two - one_small
    assert 0 < per_course <= 12
    assert three - two == per_course
    assert client.get(URL).content.decode().count('data-testid="grade-course"') == 3
