"""The gradebook's web pages: the course's and the group's gradebook (cells with their
status, at-risk learners, filters, sorting, its fixed query count), a change through the
dialog's form or the adjust page, the history, the export files, the grading scheme's form,
the links in, and who gets 403/404."""

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from learning.grades.models import GradeChange, GradingScheme
from learning.homework.models import Homework, Submission
from learning.schedule.models import Attendance

from ..factories import StudentFactory, TeacherFactory
from .conftest import enroll, held_lesson, homework, join, mark, submit

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def world(course, lesson, group):
    """Ann in the group, graded and present; Boris missed two deadlines and a lesson."""
    ann = enroll(course, first_name="Анна", last_name="Алексеева")
    boris = enroll(course, first_name="Борис", last_name="Борисов")
    join(group, ann)
    join(group, boris)
    hw = homework(lesson, title="Дроби", due_at=ago(20))
    test = homework(lesson, Homework.Kind.TEST, title="Тест", due_at=ago(3))
    held = held_lesson(group, start=ago(2))
    submit(ann, hw, "80")
    submit(ann, test, "40", status=Submission.Status.NEEDS_REVIEW)
    mark(held, ann)
    mark(held, boris, Attendance.Status.ABSENT)
    return {"ann": ann, "boris": boris, "hw": hw, "test": test, "lesson": held}


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(f"grades:{name}", args=args), query)


def row_html(content: str, person) -> str:
    match = re.search(rf'<tr id="learner-{person.pk}".*?</tr>', content, re.S)
    assert match, f"no row for {person}"
    return match.group(0)


def test_the_course_gradebook_shows_cells_statuses_and_the_at_risk_learner(
    client, course, teacher, world
):
    response = page(client, teacher, "course", course.pk)
    assert response.status_code == 200
    content = response.content.decode()
    ann, boris = row_html(content, world["ann"]), row_html(content, world["boris"])
    assert '<td class="s-gr">80</td>' in ann
    assert '<td class="s-wt"></td>' in ann  # waiting for grading, said by its class
    assert '<td class="s-pr"></td>' in ann
    assert 'data-testid="at-risk"' not in ann
    # Boris: nothing handed in for two past deadlines, absent from the one lesson.
    assert ann.count("s-ms") == 0 and boris.count('class="s-ms"') == 2
    assert 'data-testid="at-risk"' in boris
    assert 'data-code="attendance"' in boris and 'data-code="missed_deadlines"' in boris
    # The statuses' words for screen readers and the legend, in Russian.
    assert "не сдано" in content
    assert 'content:"!" / "не сдано"' in content
    # One dialog form for the page, none per cell.
    table = content[content.index("<table") : content.index("</table>")]
    assert "<form" not in table and content.count("data-gb-form") == 1


def test_filters_and_the_server_side_sort(client, course, teacher, world, catalog):
    ids = lambda response: re.findall(r'<tr id="learner-(\d+)"', response.content.decode())  # noqa: E731
    ann, boris = str(world["ann"].pk), str(world["boris"].pk)
    assert ids(page(client, teacher, "course", course.pk)) == [ann, boris]
    assert ids(page(client, teacher, "course", course.pk, sort="-name")) == [boris, ann]
    key = f"homework:{world['hw'].pk}"
    assert ids(page(client, teacher, "course", course.pk, sort=key)) == [ann, boris]
    assert ids(page(client, teacher, "course", course.pk, sort=f"-{key}")) == [ann, boris]
    assert ids(page(client, teacher, "course", course.pk, sort="-final")) == [ann, boris]
    assert ids(page(client, teacher, "course", course.pk, risk="1")) == [boris]
    assert ids(page(client, teacher, "course", course.pk, status="waiting")) == [ann]
    assert ids(page(client, teacher, "course", course.pk, status="missing")) == [boris]
    # A learner of the course outside the group is left out by the group filter.
    carl = enroll(course, last_name="Яковлев")
    group = world["lesson"].group
    everyone = ids(page(client, teacher, "course", course.pk))
    assert str(carl.pk) in everyone
    assert str(carl.pk) not in ids(page(client, teacher, "course", course.pk, group=group.pk))
    # Nonsense in the query string is ignored, not an error.
    response = page(client, teacher, "course", course.pk, sort="password", group="x", status="?")
    assert response.status_code == 200 and ids(response) == everyone


def grow(course, lesson, group, learners):
    works = [homework(lesson, kind, due_at=ago(5)) for kind in Homework.Kind]
    held = held_lesson(group, start=ago(1))
    for _ in range(learners):
        person = enroll(course)
        join(group, person)
        submit(person, works[0], "70")
        mark(held, person)


def count_queries(client, url) -> int:
    client.get(url)  # warm: sessions, content types, the site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_takes_the_same_queries_for_2_and_for_20_learners(
    client, catalog, lesson, course, group, teacher
):
    client.force_login(teacher)
    url = reverse("grades:course", args=[course.pk])
    group_url = reverse("grades:group", args=[group.pk])
    grow(course, lesson, group, 2)
    small, small_group = count_queries(client, url), count_queries(client, group_url)
    grow(course, lesson, group, 18)
    assert count_queries(client, url) == small
    client.force_login(group.teacher)
    assert count_queries(client, group_url) == small_group


def test_who_may_open_the_gradebooks(client, course, group, teacher, world):
    other = TeacherFactory()
    assert page(client, other, "course", course.pk).status_code == 403
    assert page(client, other, "group", group.pk).status_code == 403
    assert page(client, world["ann"], "course", course.pk).status_code == 403
    # The group's teacher reads the group's gradebook, not the whole course's.
    assert page(client, group.teacher, "group", group.pk).status_code == 200
    assert page(client, group.teacher, "course", course.pk).status_code == 403
    assert page(client, teacher, "course", 10**9).status_code == 404
    client.logout()
    response = client.get(reverse("grades:course", args=[course.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def adjust(client, user, course, **data):
    client.force_login(user)
    return client.post(reverse("grades:course-adjust", args=[course.pk]), data)


def test_overriding_a_cell_from_the_dialog(client, course, teacher, world):
    ann = world["ann"]
    item = f"homework:{world['hw'].pk}"
    back = reverse("grades:course", args=[course.pk]) + "?status=waiting"
    response = adjust(
        client,
        teacher,
        course,
        student=ann.pk,
        item=item,
        action="override",
        percent="95",
        reason="Переписала",
        next=back,
    )
    assert response.status_code == 302
    assert response["Location"] == f"{back}#learner-{ann.pk}"
    change = GradeChange.objects.get()
    assert (change.item, change.old_value, change.new_value) == (item, "", "95.00")
    assert change.changed_by == teacher and change.reason == "Переписала"
    content = client.get(response["Location"]).content.decode()
    assert '<td class="s-ov" data-p="80">95</td>' in row_html(content, ann)
    assert "Оценка изменена" in content  # the success message


def test_the_final_grade_and_an_excuse(client, course, teacher, world):
    boris = world["boris"]
    adjust(
        client, teacher, course, student=boris.pk, item="final", action="override",
        percent="60", reason="Олимпиада",
    )  # fmt: skip
    item = f"homework:{world['test'].pk}"
    adjust(client, teacher, course, student=boris.pk, item=item, action="excuse", reason="Болел")
    content = page(client, teacher, "course", course.pk).content.decode()
    row = row_html(content, boris)
    assert '<td class="gb-final s-ov" data-item="final">60</td>' in row
    assert '<td class="s-ex"></td>' in row
    assert GradeChange.objects.filter(student=boris).count() == 2


def test_a_change_without_a_reason_or_a_percentage_is_refused_with_the_error(
    client, course, teacher, world
):
    ann = world["ann"]
    item = f"homework:{world['hw'].pk}"
    response = adjust(
        client, teacher, course, student=ann.pk, item=item, action="override", percent="",
        reason="Повод",
    )  # fmt: skip
    assert response.status_code == 400
    assert "Укажите процент" in response.content.decode()
    response = adjust(
        client, teacher, course, student=ann.pk, item=item, action="override", percent="50",
        reason="   ",
    )  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_reason_errors"' in response.content.decode()
    assert not GradeChange.objects.exists()
    # Not an item of this learner: the service's error, on the form.
    response = adjust(
        client, teacher, course, student=ann.pk, item="homework:0", action="excuse", reason="x"
    )
    assert response.status_code == 400


def test_another_teacher_cannot_change_grades(client, course, world):
    response = adjust(
        client, TeacherFactory(), course, student=world["ann"].pk, item="final",
        action="override", percent="100", reason="Просто так",
    )  # fmt: skip
    assert response.status_code == 403
    assert not GradeChange.objects.exists()


def test_the_adjust_page_without_javascript(client, course, group, world):
    # The group's teacher may change their members' grades in the course.
    ann = world["ann"]
    response = page(client, group.teacher, "group-adjust", group.pk, student=ann.pk)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="adjust-form"' in content and "Дроби" in content
    response = client.post(
        reverse("grades:group-adjust", args=[group.pk]),
        {"student": ann.pk, "item": "final", "action": "override", "percent": "70", "reason": "Да"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("grades:group", args=[group.pk]) + f"#learner-{ann.pk}"
    assert page(client, group.teacher, "group-adjust", group.pk, student=10**9).status_code == 403


def test_the_history_page(client, course, group, teacher, world):
    for value in range(3):
        adjust(
            client, teacher, course, student=world["ann"].pk, item=f"homework:{world['hw'].pk}",
            action="override", percent=str(90 + value), reason=f"Причина {value}",
        )  # fmt: skip
    response = page(client, teacher, "course-history", course.pk)
    content = response.content.decode()
    assert content.count('data-testid="grade-change"') == 3
    assert "Причина 2" in content and "Дроби" in content and "91.00" in content
    boris_only = page(client, teacher, "course-history", course.pk, student=world["boris"].pk)
    assert 'data-testid="grade-change"' not in boris_only.content.decode()
    assert page(client, group.teacher, "group-history", group.pk).status_code == 200
    assert page(client, TeacherFactory(), "course-history", course.pk).status_code == 403


def test_the_history_is_paginated(client, course, teacher, world, django_assert_max_num_queries):
    GradeChange.objects.bulk_create(
        GradeChange(
            course=course, student=world["ann"], item="final", field="override",
            new_value=str(n), reason="r", changed_by=teacher,
        )
        for n in range(60)
    )  # fmt: skip
    content = page(client, teacher, "course-history", course.pk).content.decode()
    assert content.count('data-testid="grade-change"') == 50
    assert 'rel="next"' in content


def test_the_export_files(client, course, teacher, world):
    response = page(client, teacher, "course-export", course.pk, "csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:3] == ["Ученик", "Эл. почта", "Дроби"]
    assert lines[1][2] == "80.00"
    response = page(client, teacher, "course-export", course.pk, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["C2"].value == 80
    assert page(client, teacher, "course-export", course.pk, "pdf").status_code == 404
    assert page(client, TeacherFactory(), "course-export", course.pk, "csv").status_code == 403


def test_the_grading_scheme_form(client, course, teacher):
    url = reverse("grades:course-scheme", args=[course.pk])
    response = page(client, teacher, "course-scheme", course.pk)
    assert response.status_code == 200 and 'name="weight_homework" value="40"' in (
        response.content.decode()
    )
    values = {
        "weight_homework": 50, "weight_tests": 20, "weight_control_points": 20,
        "weight_attendance": 5, "drop_lowest_homework": 1, "drop_lowest_tests": 0,
        "drop_lowest_control_points": 0, "missing_work": "zero", "pass_mark": 60,
        "mark_5_from": 90, "mark_4_from": 75, "mark_3_from": 60,
    }  # fmt: skip
    response = client.post(url, values)
    assert response.status_code == 400
    assert "должны давать в сумме 100 %; сейчас 95 %" in response.content.decode()
    assert not GradingScheme.objects.exists()
    response = client.post(url, {**values, "weight_attendance": 10, "mark_4_from": 95})
    assert response.status_code == 400 and "Границы должны убывать" in response.content.decode()
    response = client.post(url, {**values, "weight_attendance": 10})
    assert response.status_code == 302
    scheme = GradingScheme.objects.get()
    assert (scheme.weight_homework, scheme.missing_work, scheme.pass_mark) == (50, "zero", 60)
    assert scheme.updated_by == teacher
    assert page(client, TeacherFactory(), "course-scheme", course.pk).status_code == 403


def test_the_links_in(client, course, group, teacher, world):
    client.force_login(teacher)
    course_url = reverse("grades:course", args=[course.pk])
    desk = client.get(reverse("cabinet:home")).content.decode()
    assert f'href="{course_url}" data-testid="desk-gradebook"' in desk
    assert 'data-testid="cabinet-gradebooks"' in desk
    index = client.get(reverse("grades:index")).content.decode()
    assert course_url in index
    client.force_login(group.teacher)
    index = client.get(reverse("grades:index")).content.decode()
    assert reverse("grades:group", args=[group.pk]) in index and course_url not in index
    detail = client.get(reverse("schedule:group", args=[group.pk])).content.decode()
    assert 'data-testid="group-gradebook"' in detail
    # A learner has no gradebooks in the menu.
    client.force_login(StudentFactory())
    desk = client.get(reverse("cabinet:home")).content.decode()
    assert 'data-testid="cabinet-gradebooks"' not in desk


def test_a_decimal_override_shows_as_typed(client, course, teacher, world):
    adjust(
        client, teacher, course, student=world["ann"].pk, item="final", action="override",
        percent="72.5", reason="r",
    )  # fmt: skip
    content = page(client, teacher, "course", course.pk).content.decode()
    assert '<td class="gb-final s-ov" data-item="final">72.5</td>' in row_html(
        content, world["ann"]
    )
