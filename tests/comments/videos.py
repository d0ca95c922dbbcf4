"""A tutor's video post and the people around it, for the video comment tests."""

import pytest
from django.contrib.auth.models import Group
from django.template import RequestContext, Template
from django.test import RequestFactory

from ..courses.factories import TutorPageFactory, TutorVideoPageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory

THREAD = Template("{% load comment_threads %}{% comment_thread target %}")


@pytest.fixture
def tutor_page(tutor_index):
    return TutorPageFactory(parent=tutor_index)


@pytest.fixture
def tutor(tutor_page):
    return tutor_page.user


@pytest.fixture
def video(tutor_page):
    return TutorVideoPageFactory(parent=tutor_page, owner=tutor_page.user, title="Дроби за 5 минут")


@pytest.fixture
def other_video(tutor_index):
    page = TutorPageFactory(parent=tutor_index)
    return TutorVideoPageFactory(parent=page, owner=page.user, title="Чужое видео")


@pytest.fixture
def reader(db):
    return StudentFactory(verified=True)


@pytest.fixture
def second_reader(db):
    return StudentFactory(verified=True)


@pytest.fixture
def other_tutor(db):
    return TeacherFactory(verified=True)


@pytest.fixture
def staff(db):
    return AdminFactory(verified=True)


@pytest.fixture
def moderator(db):
    person = StudentFactory(verified=True)
    person.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return person


def render_thread(target, user, path="/ru/video/", **params) -> str:
    request = RequestFactory().get(path, params)
    request.user = user
    return THREAD.render(RequestContext(request, {"target": target}))
