import datetime as dt
from decimal import Decimal

import pytest

from learning.enrollment.models import Enrollment
from learning.homework.models import Homework, Submission
from learning.schedule.models import Attendance

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory, TeacherFactory
from ..homework.factories import HomeworkFactory
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory

NOW = dt.datetime(2031, 3, 1, 12, 0, tzinfo=dt.UTC)
PAST = NOW - dt.timedelta(days=7)
FUTURE = NOW + dt.timedelta(days=7)


@pytest.fixture
def course(catalog, teacher):
    return CoursePageFactory(parent=catalog, title="Алгебра", teacher=teacher, price=0)


@pytest.fixture
def lesson(course):
    return LessonPageFactory(parent=course, title="Урок 1")


@pytest.fixture
def group(course):
    return GroupFactory(course=course, name="10 «А»", teacher=TeacherFactory())


@pytest.fixture
def other_teacher(db):
    return TeacherFactory()


def enroll(course, **kwargs):
    person = StudentFactory(**kwargs)
    Enrollment.objects.create(user=person, course=course, source="free")
    return person


def homework(lesson, kind=Homework.Kind.HOMEWORK, due_at=PAST, **kwargs):
    return HomeworkFactory(lesson=lesson, kind=kind, due_at=due_at, **kwargs)


def submit(student, work, grade, status=Submission.Status.GRADED, attempt=1, **kwargs):
    return Submission.objects.create(
        student=student,
        homework=work,
        attempt=attempt,
        started_at=PAST,
        submitted_at=PAST,
        status=status,
        grade=None if grade is None else Decimal(grade),
        **kwargs,
    )


def held_lesson(group, start=PAST, **kwargs):
    return LiveLessonFactory(group=group, start=start, status="ended", **kwargs)


def mark(lesson, student, status=Attendance.Status.PRESENT):
    return Attendance.objects.create(lesson=lesson, student=student, status=status)


def join(group, student):
    return MembershipFactory(group=group, student=student)
