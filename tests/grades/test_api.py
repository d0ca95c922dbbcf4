"""The grades API: gradebooks (read, export), overrides, excuses, history, the scheme and a
learner's own grades, with who may do what."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from learning.homework.models import Homework

from ..api.openapi import conforms, load
from .conftest import enroll, held_lesson, homework, join, mark, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(course, lesson, group):
    learner = enroll(course, first_name="Анна", last_name="Иванова")
    join(group, learner)
    work = homework(lesson, title="Дроби")
    control = homework(lesson, Homework.Kind.CONTROL_POINT, title="=Контрольная")
    submit(learner, work, "80")
    submit(learner, control, "60")
    mark(held_lesson(group, start=timezone.now() - dt.timedelta(days=1)), learner)
    return learner, work, control


def url(course, tail=""):
    return f"/api/courses/{course.pk}/{tail}"


def test_the_teacher_reads_the_course_gradebook(api_client, course, teacher, setup):
    learner, work, _control = setup
    api_client.force_authenticate(teacher)
    body = api_client.get(url(course, "gradebook/")).json()
    assert [c["title"] for c in body["columns"]][:2] == ["Дроби", "=Контрольная"]
    (row,) = body["rows"]
    assert row["student"]["id"] == learner.pk
    cell = next(c for c in row["cells"] if c["item"] == f"homework:{work.pk}")
    assert (cell["status"], cell["percent"]) == ("graded", "80.00")
    # Default scheme: homework 40 (80), control points 30 (60), attendance 10 (100) of 80.
    assert row["final"] == {"percent": "75.00", "mark": 4, "passed": True, "overridden": False}
    assert row["subtotals"]["tests"] is None


def test_others_cannot_read_the_gradebooks(api_client, course, group, other_teacher, setup):
    learner = setup[0]
    assert api_client.get(url(course, "gradebook/")).status_code == 401
    for person in (other_teacher, learner):
        api_client.force_authenticate(person)
        assert api_client.get(url(course, "gradebook/")).status_code == 403
        assert api_client.get(f"/api/groups/{group.pk}/gradebook/").status_code == 403
        assert api_client.get(url(course, "gradebook/export/")).status_code == 403
        assert api_client.get(url(course, "gradebook/history/")).status_code == 403
        history = f"/api/groups/{group.pk}/gradebook/history/"
        assert api_client.get(history).status_code == 403
    response = api_client.get(url(course, "gradebook/"))
    assert response.json()["code"] == "gradebook_not_allowed"


def test_the_group_teacher_overrides_and_the_learner_sees_it(api_client, course, group, setup):
    learner, work, _control = setup
    api_client.force_authenticate(group.teacher)
    assert len(api_client.get(f"/api/groups/{group.pk}/gradebook/").json()["rows"]) == 1
    response = api_client.post(
        url(course, "gradebook/overrides/"),
        {"student": learner.pk, "item": "final", "percent": "91.5", "reason": "Олимпиада"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["override"] == "91.50"
    history = api_client.get(f"/api/groups/{group.pk}/gradebook/history/").json()["results"]
    assert [(h["item"], h["old_value"], h["new_value"], h["reason"]) for h in history] == [
        ("final", "", "91.50", "Олимпиада")
    ]
    assert history[0]["changed_by"]["id"] == group.teacher.pk
    api_client.force_authenticate(learner)
    mine = api_client.get(url(course, "grades/mine/")).json()
    assert mine["row"]["final"]["percent"] == "91.50"
    assert mine["row"]["final"]["overridden"] is True
    assert {c["key"] for c in mine["columns"]} == {c["item"] for c in mine["row"]["cells"]}


def test_an_excuse_needs_a_reason_and_a_real_item(api_client, course, teacher, setup):
    learner, work, _control = setup
    api_client.force_authenticate(teacher)
    endpoint = url(course, "gradebook/excuses/")
    body = {"student": learner.pk, "item": f"homework:{work.pk}", "excused": True}
    assert api_client.post(endpoint, {**body, "reason": " "}, format="json").status_code == 400
    missing = api_client.post(endpoint, {**body, "item": "homework:0", "reason": "Болела"})
    assert missing.status_code == 400 and "item" in missing.json()
    stranger = api_client.post(endpoint, {**body, "student": 10**6, "reason": "Болела"})
    assert stranger.status_code == 400 and "student" in stranger.json()
    ok = api_client.post(endpoint, {**body, "reason": "Болела"}, format="json")
    assert ok.status_code == 200 and ok.json()["excused"] is True
    history = api_client.get(url(course, f"gradebook/history/?student={learner.pk}")).json()
    assert history["results"][0]["field"] == "excused"


def test_the_gradebook_exports_as_csv(api_client, course, teacher, setup):
    api_client.force_authenticate(teacher)
    response = api_client.get(url(course, "gradebook/export/"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:4] == ["Learner", "E-mail", "Дроби", "'=Контрольная"]
    assert lines[1][0] == "Анна Иванова"
    assert lines[1][2:4] == ["80.00", "60.00"]
    assert lines[1][-3:] == ["75.00", "4", "yes"]


def test_the_gradebook_exports_as_xlsx(api_client, course, teacher, setup):
    api_client.force_authenticate(teacher)
    response = api_client.get(
        url(course, "gradebook/export/?file_format=xlsx"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Анна Иванова"
    assert rows[1][2] == 80.0
    assert rows[1][-3:] == (75.0, 4, "yes")
    bad = api_client.get(url(course, "gradebook/export/?file_format=pdf"))
    assert bad.status_code == 400


def test_the_scheme_is_read_by_learners_and_changed_by_the_teacher(
    api_client, course, teacher, other_teacher, setup
):
    learner = setup[0]
    api_client.force_authenticate(learner)
    default = api_client.get(url(course, "grading-scheme/"))
    # Nothing saved yet: the default scheme, with no time of change, as the schema says.
    body = conforms(load(), "get", "/api/courses/{course_id}/grading-scheme/", default)
    assert (body["weight_homework"], body["updated_at"]) == (40, None)
    assert api_client.put(url(course, "grading-scheme/"), {"pass_mark": 1}).status_code == 403
    api_client.force_authenticate(teacher)
    weights = {
        "weight_homework": 50,
        "weight_tests": 0,
        "weight_control_points": 50,
        "weight_attendance": 0,
    }
    response = api_client.put(url(course, "grading-scheme/"), weights, format="json")
    assert response.status_code == 200, response.json()
    row = api_client.get(url(course, "gradebook/")).json()["rows"][0]
    assert Decimal(row["final"]["percent"]) == Decimal(70)
    wrong = api_client.put(url(course, "grading-scheme/"), {"weight_tests": 10}, format="json")
    assert wrong.status_code == 400 and "weight_homework" in wrong.json()


def test_learners_see_only_their_own_grades(api_client, course, setup):
    stranger = enroll(course)
    api_client.force_authenticate(stranger)
    mine = api_client.get(url(course, "grades/mine/")).json()
    assert mine["row"]["student"]["id"] == stranger.pk
    api_client.force_authenticate(setup[0].__class__.objects.create(email="x@example.com"))
    assert api_client.get(url(course, "grades/mine/")).status_code == 404


def test_the_export_speaks_russian(api_client, course, teacher, setup):
    api_client.force_authenticate(teacher)
    response = api_client.get(url(course, "gradebook/export/"), HTTP_ACCEPT_LANGUAGE="ru")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[0] == "Ученик" and header[-3:] == ["Итоговая оценка, %", "Отметка", "Зачтено"]


@pytest.mark.parametrize("learners", [1, 6])
def test_the_gradebook_endpoint_takes_the_same_queries_at_any_size(
    api_client, course, lesson, teacher, learners, django_assert_num_queries
):
    works = [homework(lesson, kind) for kind in Homework.Kind]
    for _ in range(learners):
        person = enroll(course)
        for work in works:
            submit(person, work, "50")
    api_client.force_authenticate(teacher)
    with django_assert_num_queries(11):  # the course, then the gradebook's ten
        response = api_client.get(url(course, "gradebook/"))
    assert len(response.json()["rows"]) == learners
