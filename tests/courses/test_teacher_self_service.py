"""A person who signs up as a teacher works at once: tutor page, course drafts, homework.

Publishing still goes through the moderators (the "Course moderation" workflow).
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.models import User
from accounts.services import set_role
from courses import services
from courses.models import CoursePage, TutorPage

from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(catalog, tutor_index):
    services.moderation_workflow()
    return {"catalog": catalog, "tutor_index": tutor_index}


def sign_up(client, role: str, email: str = "new.teacher@example.com") -> User:
    response = client.post(
        reverse("accounts:enter", args=[role]), {"email": email, "password": "Tea-and-Calculus-42"}
    )
    assert response.status_code == 302
    return User.objects.get(email=email)


def course_form(title: str, slug: str, action: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "О курсе",
            "description": streamfield([]),
            "course_type": "self_paced",
            "level": "beginner",
            "language": "ru",
            "price": "0",
            "currency": "RUB",
            "duration_hours": "3",
            "status": "draft",
            action: "1",
        }
    )


def test_a_new_teacher_opens_the_admin_drafts_a_course_and_submits_it_not_publishes(client, site):
    teacher = sign_up(client, "teacher")
    assert teacher.role == User.Role.TEACHER
    assert teacher.groups.filter(name=services.TUTORS_GROUP).exists()

    # Their own draft tutor page, waiting for them in the editor.
    tutor_page = TutorPage.objects.get(user=teacher)
    assert tutor_page.owner == teacher and not tutor_page.live
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{tutor_page.pk}/edit/").status_code == 200

    add_url = f"/admin/pages/add/courses/coursepage/{site['catalog'].pk}/"
    assert client.get(add_url).status_code == 200
    # "Publish" from the editor is not theirs: the course stays a draft.
    client.post(add_url, course_form("Черновик курса", "draft", "action-publish"))
    draft = CoursePage.objects.get(title="Черновик курса")
    assert draft.owner == teacher and not draft.live

    response = client.post(add_url, course_form("Курс на проверку", "for-review", "action-submit"))
    assert response.status_code == 302, response.context["form"].errors
    course = CoursePage.objects.get(title="Курс на проверку")
    assert course.owner == teacher and not course.live
    state = course.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert not course.permissions_for_user(teacher).can_publish()
    # Homework, like the Tutors group: the builder opens.
    assert client.get(reverse("homework_admin:add")).status_code == 200


def test_a_new_student_gets_no_admin_and_no_tutor_page(client, site):
    learner = sign_up(client, "student", "new.learner@example.com")
    assert not learner.groups.exists()
    assert not TutorPage.objects.filter(user=learner).exists()
    assert client.get("/admin/").status_code in (302, 403)


def test_granting_the_teacher_role_gives_the_tools_once_and_taking_it_back_removes_them(site):
    person = StudentFactory(first_name="Олег", last_name="Новиков")
    tutors = Group.objects.get(name=services.TUTORS_GROUP)
    assert not person.groups.filter(pk=tutors.pk).exists()

    set_role(person, User.Role.TEACHER)
    assert person.groups.filter(pk=tutors.pk).exists()
    page = TutorPage.objects.get(user=person)
    assert page.title == "Олег Новиков" and not page.live
    # Idempotent: granting again, or "Make tutor" on top, makes nothing twice.
    services.grant_tutor_tools(person)
    assert services.set_up_tutor(person) == page
    assert TutorPage.objects.filter(user=person).count() == 1

    set_role(person, User.Role.STUDENT)
    assert not person.groups.filter(pk=tutors.pk).exists()
    assert TutorPage.objects.filter(user=person).exists()  # their page stays


def test_the_api_sign_up_as_a_teacher_gives_the_tools_too(api_client, site):
    response = api_client.post(
        "/api/auth/register/",
        {
            "email": "api.teacher@example.com",
            "password": "Tea-and-Calculus-42",
            "role": "teacher",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    teacher = User.objects.get(email="api.teacher@example.com")
    assert teacher.groups.filter(name=services.TUTORS_GROUP).exists()
    assert TutorPage.objects.filter(user=teacher, live=False).count() == 1


def test_without_a_tutor_list_yet_sign_up_still_works(client, catalog):
    teacher = sign_up(client, "teacher")
    assert teacher.groups.filter(name=services.TUTORS_GROUP).exists()
    assert not TutorPage.objects.exists()


def an_old_teacher(**fields) -> User:
    """A teacher made before the role granted the tools (the role written without a save)."""
    person = StudentFactory(**fields)
    User.objects.filter(pk=person.pk).update(role=User.Role.TEACHER)
    person.refresh_from_db()
    return person


def test_grant_tutor_tools_command_catches_up_teachers_from_before_self_service(site):
    old = an_old_teacher(first_name="Анна", last_name="Петрова")
    staff_teacher = an_old_teacher(is_staff=True)
    gone = an_old_teacher(is_active=False)
    student = StudentFactory()
    assert not old.groups.filter(name=services.TUTORS_GROUP).exists()
    assert not TutorPage.objects.filter(user=old).exists()

    out = StringIO()
    call_command("grant_tutor_tools", stdout=out)
    assert "1 teacher" in out.getvalue()

    assert old.groups.filter(name=services.TUTORS_GROUP).exists()
    page = TutorPage.objects.get(user=old)
    assert page.owner == old and not page.live and page.title == "Анна Петрова"
    for person in (staff_teacher, gone, student):
        assert not person.groups.filter(name=services.TUTORS_GROUP).exists()
        assert not TutorPage.objects.filter(user=person).exists()

    # Again: nothing new (one page, one membership).
    call_command("grant_tutor_tools", stdout=StringIO())
    assert TutorPage.objects.filter(user=old).count() == 1
    assert old.groups.filter(name=services.TUTORS_GROUP).count() == 1
