"""`make run` loads demo content once; running it again adds nothing twice."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from accounts.models import StudentProfile, TeacherProfile, User
from home.management.commands.load_demo_data import DEMO_PASSWORD
from home.models import HomePage, StandardPage
from learning.homework.models import Homework, Question
from learning.homework.services import validate_homework

pytestmark = pytest.mark.django_db


def load(settings) -> str:
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "teacher_profiles": TeacherProfile.objects.count(),
        "student_profiles": StudentProfile.objects.count(),
        "sites": Site.objects.count(),
        "homework": Homework.objects.count(),
        "questions": Question.objects.count(),
    }


def test_loads_people_pages_and_translations(settings, client):
    output = load(settings)

    assert User.objects.filter(role=User.Role.STUDENT).count() == 3
    assert User.objects.filter(email__startswith="tutor").count() == 4
    assert Group.objects.get(name="Editors").user_set.filter(email="editor@ustat.test").exists()
    assert (
        Group.objects.get(name="Moderators").user_set.filter(email="moderator@ustat.test").exists()
    )
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        assert user.email in output
    assert DEMO_PASSWORD in output

    home_ru = HomePage.objects.get(locale__language_code="ru")
    assert (
        HomePage.objects.get(locale__language_code="en").translation_key == home_ru.translation_key
    )
    assert Site.objects.get(is_default_site=True).root_page_id == home_ru.pk
    assert StandardPage.objects.count() == 2  # "about", in both languages
    assert client.get("/ru/").status_code == 200
    assert client.get("/en/").status_code == 200

    demo_test = Homework.objects.get(lesson__slug__isnull=False)
    assert demo_test.course.slug == "python-basics" and demo_test.questions.count() == 3
    assert validate_homework(demo_test) == []


def test_running_twice_adds_nothing(settings):
    load(settings)
    first = counts()
    load(settings)
    assert counts() == first


def test_refuses_to_publish_known_passwords_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo_data", stdout=StringIO())
    assert not User.objects.exists()
