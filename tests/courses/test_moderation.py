"""Tutors in the admin: their own pages only, submit not publish; moderators approve or reject."""

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses import services
from courses.models import CoursePage, TutorPage

from ..factories import StudentFactory, TeacherFactory
from .factories import CoursePageFactory, TutorPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(catalog, tutor_index):
    workflow = services.moderation_workflow()
    tutors = services.tutors_group()
    ira, dima = TeacherFactory(), TeacherFactory()
    for user in (ira, dima):
        user.groups.add(tutors)
    moderator = TeacherFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return {"catalog": catalog, "workflow": workflow, "ira": ira, "dima": dima, "mod": moderator}


def course_data(title="Курс Иры"):
    return {"title": title, "summary": "О курсе", "price": 0}


def test_tutor_edits_own_course_not_another_and_never_publishes(client, setup):
    ira_course = services.create_course(setup["ira"], course_data())
    dima_course = CoursePageFactory(
        parent=setup["catalog"], teacher=setup["dima"], owner=setup["dima"]
    )
    ira_perms = ira_course.permissions_for_user(setup["ira"])
    assert ira_perms.can_edit() and not ira_perms.can_publish()
    assert not dima_course.permissions_for_user(setup["ira"]).can_edit()

    client.force_login(setup["ira"])
    assert client.get(f"/admin/pages/{ira_course.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{dima_course.pk}/edit/").status_code in (302, 403)
    # Publishing from the editor is not theirs to do: the page stays a draft.
    form = nested_form_data(
        {
            "title": "Курс Иры, правка",
            "slug": ira_course.slug,
            "summary": "О курсе",
            "description": streamfield([]),
            "course_type": "self_paced",
            "level": "beginner",
            "language": "ru",
            "price": "0",
            "currency": "RUB",
            "duration_hours": "3",
            "status": "draft",
            "action-publish": "1",
        }
    )
    response = client.post(f"/admin/pages/{ira_course.pk}/edit/", form)
    assert response.status_code in (200, 302)
    ira_course.refresh_from_db()
    assert not ira_course.live
    # Wagtail keeps the edit as a draft revision; only publishing was refused.
    assert ira_course.get_latest_revision_as_object().title == "Курс Иры, правка"


def test_tutor_adds_lessons_only_under_own_course(client, setup):
    ira_course = services.create_course(setup["ira"], course_data())
    dima_course = CoursePageFactory(
        parent=setup["catalog"], teacher=setup["dima"], owner=setup["dima"]
    )
    client.force_login(setup["ira"])
    own = client.get(f"/admin/pages/add/courses/lessonpage/{ira_course.pk}/")
    assert own.status_code == 200
    other = client.get(f"/admin/pages/add/courses/lessonpage/{dima_course.pk}/")
    assert other.status_code == 302 and f"/admin/pages/{dima_course.pk}/" in other.url


def test_submit_approve_publishes(setup):
    course = services.create_course(setup["ira"], course_data(), submit=True)
    state = course.current_workflow_task_state
    assert state is not None and state.task.specific.groups.filter(name="Moderators").exists()
    # A tutor cannot approve their own course; a moderator can.
    actions = {
        name for name, _label, _modal in state.task.specific.get_actions(course, setup["mod"])
    }
    assert "approve" in actions and "reject" in actions
    assert state.task.specific.get_actions(course, setup["dima"]) == []
    state.approve(user=setup["mod"])
    course.refresh_from_db()
    assert course.live and course.status == "published"


def test_reject_returns_the_page_with_the_comment(client, setup):
    course = services.create_course(setup["ira"], course_data(), submit=True)
    course.current_workflow_task_state.reject(user=setup["mod"], comment="Добавьте программу курса")
    course.refresh_from_db()
    assert not course.live
    assert course.current_workflow_state.status == "needs_changes"
    client.force_login(setup["ira"])
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "Добавьте программу курса" in html


def test_staff_make_a_tutor_from_the_user_list(client, setup, admin_user):
    newcomer = StudentFactory(first_name="Олег", last_name="Новиков")
    client.force_login(newcomer)
    assert client.post(f"/admin/tutors/make/{newcomer.pk}/").status_code in (302, 403)
    assert not TutorPage.objects.filter(user=newcomer).exists()

    client.force_login(admin_user)
    response = client.post(f"/admin/tutors/make/{newcomer.pk}/")
    page = TutorPage.objects.get(user=newcomer)
    assert response.status_code == 302 and response.url == f"/admin/pages/{page.pk}/edit/"
    newcomer.refresh_from_db()
    assert newcomer.role == "teacher" and newcomer.groups.filter(name="Tutors").exists()
    assert page.owner == newcomer and not page.live
    assert page.permissions_for_user(newcomer).can_edit()
    assert client.get(f"/admin/tutors/make/{newcomer.pk}/").status_code == 405
    # Twice is harmless: still one page.
    client.post(f"/admin/tutors/make/{newcomer.pk}/")
    assert TutorPage.objects.filter(user=newcomer).count() == 1


def test_tutor_edits_own_tutor_page_not_others(setup, tutor_index):
    own = TutorPageFactory(parent=tutor_index, user=setup["ira"], owner=setup["ira"])
    other = TutorPageFactory(parent=tutor_index, user=setup["dima"], owner=setup["dima"])
    assert own.permissions_for_user(setup["ira"]).can_edit()
    assert not other.permissions_for_user(setup["ira"]).can_edit()
    assert not own.permissions_for_user(setup["ira"]).can_publish()
    assert services.can_add_under(setup["ira"], own)
    assert not services.can_add_under(setup["ira"], other)
    assert CoursePage.objects.count() == 0
