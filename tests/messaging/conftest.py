"""People the messaging rules connect (or do not): a published tutor, a course's teacher and
learner, a group's teacher and members, strangers."""

import pytest

from learning.enrollment.models import Enrollment
from messaging import services

from ..courses.factories import CoursePageFactory, TutorPageFactory
from ..factories import StudentFactory, TeacherFactory
from ..schedule.factories import GroupFactory, MembershipFactory


@pytest.fixture
def tutor(tutor_index):
    """A teacher with a live tutor page."""
    page = TutorPageFactory(parent=tutor_index, user=TeacherFactory(verified=True))
    return page.user


@pytest.fixture
def draft_tutor(tutor_index):
    page = TutorPageFactory(parent=tutor_index, user=TeacherFactory(verified=True), live=False)
    return page.user


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog)


@pytest.fixture
def course_teacher(course):
    return course.teacher


@pytest.fixture
def learner(course):
    """Enrolled in ``course``."""
    person = StudentFactory(verified=True)
    Enrollment.objects.create(user=person, course=course, source="free")
    return person


@pytest.fixture
def stranger(db):
    return StudentFactory(verified=True)


@pytest.fixture
def group(db):
    return GroupFactory()


@pytest.fixture
def member(group):
    return MembershipFactory(group=group).student


@pytest.fixture
def direct(learner, course_teacher):
    conversation, _created = services.start_direct(learner, course_teacher)
    return conversation


def login(client, user):
    client.force_authenticate(user)
    return client
