"""Fixtures for the timetable tests (also used by the calendar and feed tests)."""

import datetime as dt

import pytest

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory, TeacherFactory
from .factories import GroupFactory, LiveLessonFactory, MembershipFactory, RuleFactory

MSK = dt.timezone(dt.timedelta(hours=3))


@pytest.fixture
def group(teacher):
    """The teacher's group with one member (see ``member``)."""
    return GroupFactory(teacher=teacher, name="Физика 9А", colour="#e4572e")


@pytest.fixture
def member(group):
    """A verified student in ``group``."""
    person = StudentFactory(verified=True)
    MembershipFactory(group=group, student=person)
    return person


@pytest.fixture
def other_teacher(db):
    return TeacherFactory(verified=True)


@pytest.fixture
def outsider(db):
    """A verified student in no group."""
    return StudentFactory(verified=True)


@pytest.fixture
def rule(group):
    """Weekly, Mondays 10:00–11:30 Moscow time, 2 Sep – 29 Dec 2030 (17 Mondays)."""
    return RuleFactory(group=group, title="Механика")


@pytest.fixture
def one_off(group):
    """A one-off lesson on Wednesday 4 Sep 2030, 18:00–19:00 Moscow time."""
    return LiveLessonFactory(
        group=group,
        title="Консультация",
        start=dt.datetime(2030, 9, 4, 18, 0, tzinfo=MSK),
        end=dt.datetime(2030, 9, 4, 19, 0, tzinfo=MSK),
    )


@pytest.fixture
def group_course(catalog, teacher):
    """A paid course for group-access tests."""
    return CoursePageFactory(parent=catalog, title="Физика", teacher=teacher, price=1000)


@pytest.fixture
def window():
    """The first two weeks of the rule's term: (start, end), aware."""
    return dt.datetime(2030, 9, 2, tzinfo=MSK), dt.datetime(2030, 9, 16, tzinfo=MSK)
