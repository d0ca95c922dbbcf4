"""A new teacher's first-run checklist on the desk (cabinet.teacher_checklist)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from accounts.models import TeacherProfile
from courses import services as courses
from courses.models import TutorPage
from learning.schedule.models import Group

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

DESK = "/ru/cabinet/"


@pytest.fixture
def site(catalog, tutor_index):
    courses.moderation_workflow()
    return {"catalog": catalog, "tutor_index": tutor_index}


def steps(html: str) -> dict[str, bool]:
    """Each step of the checklist on the page and whether it is ticked."""
    found = re.findall(r'data-step="(\w+)" data-done="(true|false)"', html)
    return {key: done == "true" for key, done in found}


def desk(client) -> str:
    response = client.get(DESK)
    assert response.status_code == 200
    return response.content.decode()


def test_steps_tick_as_the_teacher_does_them_and_the_list_goes_when_all_are_done(client, site):
    teacher = TeacherFactory(first_name="", last_name="")
    client.force_login(teacher)
    html = desk(client)
    assert 'data-testid="teacher-checklist"' in html
    assert steps(html) == {
        "profile": False,
        "photo": False,
        "tutor_page": False,
        "course": False,
        "group": False,
        "availability": False,
    }
    tutor_page = TutorPage.objects.get(user=teacher)
    # Each open step links to where it is done; availability is only announced.
    assert 'href="/ru/cabinet/profile/"' in html
    assert f'href="/admin/pages/{tutor_page.pk}/edit/"' in html
    assert f'href="/admin/pages/add/courses/coursepage/{site["catalog"].pk}/"' in html
    assert 'href="/ru/schedule/groups/new/"' in html
    assert "скоро" in html
    assert "Сделано 0 из 5" in html

    teacher.first_name, teacher.last_name = "Ирина", "Соколова"
    teacher.save()
    TeacherProfile.objects.filter(user=teacher).update(bio="Преподаю математику.")
    assert steps(desk(client))["profile"] is True

    tutor_page.photo = get_image_model().objects.create(title="Фото", file=get_test_image_file())
    tutor_page.save_revision(user=teacher)
    tutor_page.save()
    courses.submit_for_moderation(teacher, tutor_page)
    ticked = steps(desk(client))
    assert ticked["photo"] and ticked["tutor_page"]

    CoursePageFactory(parent=site["catalog"], teacher=teacher, owner=teacher, live=False)
    assert steps(desk(client))["course"] is True

    Group.objects.create(name="Группа 1", teacher=teacher)
    html = desk(client)
    # Every counted step done: the list has done its job.
    assert 'data-testid="teacher-checklist"' not in html


def test_the_checklist_costs_the_same_queries_whatever_is_done(client, site):
    teacher = TeacherFactory()
    client.force_login(teacher)
    desk(client)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            desk(client)
        return len(queries)

    before = count()
    for number in range(3):
        CoursePageFactory(parent=site["catalog"], teacher=teacher, owner=teacher)
        Group.objects.create(name=f"Группа {number}", teacher=teacher)
    TeacherProfile.objects.filter(user=teacher).update(bio="")
    assert 'data-testid="teacher-checklist"' in desk(client)
    after = count()
    # The desk's "Courses I teach" table grows with the courses; the checklist does not: a
    # second teacher with none of them costs the same.
    assert after == before


def test_the_teacher_hides_the_list_for_good(client, site):
    teacher = TeacherFactory()
    client.force_login(teacher)
    assert 'data-testid="teacher-checklist"' in desk(client)
    assert client.get("/ru/cabinet/checklist/dismiss/").status_code == 405
    response = client.post("/ru/cabinet/checklist/dismiss/")
    assert response.status_code == 302 and response.url == DESK
    assert 'data-testid="teacher-checklist"' not in desk(client)
    client.post("/ru/cabinet/checklist/dismiss/")  # twice is harmless
    assert 'data-testid="teacher-checklist"' not in desk(client)


def test_learners_see_no_checklist_and_cannot_dismiss_one(client, site):
    learner = StudentFactory()
    client.force_login(learner)
    assert 'data-testid="teacher-checklist"' not in desk(client)
    assert client.post("/ru/cabinet/checklist/dismiss/").status_code == 403
