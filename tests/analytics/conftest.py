import datetime as dt

import pytest
from django.utils import translation

from learning.enrollment.models import Enrollment

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory, TeacherFactory

# Reports are read "now" = mid-month, site time zone Europe/Moscow (UTC+3).
NOW = dt.datetime(2031, 3, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _english():
    """Chart and series labels are compared in English (the msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def course(catalog, teacher):
    return CoursePageFactory(parent=catalog, title="Алгебра", teacher=teacher, price=0)


@pytest.fixture
def lesson(course):
    return LessonPageFactory(parent=course, title="Урок 1")


@pytest.fixture
def other_teacher(db):
    return TeacherFactory()


@pytest.fixture
def other_course(catalog, other_teacher):
    return CoursePageFactory(parent=catalog, title="Химия", teacher=other_teacher, price=0)


def enroll(course, at=NOW, *, completed_at=None, **kwargs):
    person = StudentFactory(**kwargs)
    enrollment = Enrollment.objects.create(user=person, course=course, source="free")
    status = Enrollment.Status.COMPLETED if completed_at else Enrollment.Status.ACTIVE
    # enrolled_at is auto_now_add: set afterwards.
    Enrollment.objects.filter(pk=enrollment.pk).update(
        enrolled_at=at, completed_at=completed_at, status=status
    )
    return person
