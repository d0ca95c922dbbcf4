"""Attendance: the teacher marks the whole group at once; students see their own record."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import NotAllowed
from learning.schedule import services
from learning.schedule.models import Attendance, LiveLesson

from ..factories import StudentFactory
from .factories import LiveLessonFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(group):
    now = timezone.now()
    return LiveLessonFactory(
        group=group, start=now - dt.timedelta(minutes=5), end=now + dt.timedelta(hours=1)
    )


@pytest.fixture
def members(group, member):
    others = [StudentFactory(last_name=name) for name in ("Борисов", "Васильева")]
    for person in others:
        MembershipFactory(group=group, student=person)
    return [member, *others]


def test_everyone_present_by_default(lesson, members, teacher):
    records = services.mark_attendance(teacher, lesson, {})
    assert {r.student_id: r.status for r in records} == {p.pk: "present" for p in members}


def test_marks_and_notes_then_partial_update_keeps_others(lesson, members, teacher):
    first, second, third = members
    services.mark_attendance(
        teacher, lesson, {second.pk: ("absent", "болеет"), third.pk: ("late", "")}
    )
    services.mark_attendance(teacher, lesson, {third.pk: ("excused", "справка")})
    saved = {a.student_id: (a.status, a.note) for a in Attendance.objects.filter(lesson=lesson)}
    assert saved == {
        first.pk: ("present", ""),
        second.pk: ("absent", "болеет"),
        third.pk: ("excused", "справка"),
    }


def test_only_members_and_known_statuses(lesson, members, teacher, outsider):
    with pytest.raises(ValidationError) as error:
        services.mark_attendance(teacher, lesson, {outsider.pk: ("present", "")})
    assert str(outsider.pk) in error.value.message_dict["marks"][0]
    with pytest.raises(ValidationError):
        services.mark_attendance(teacher, lesson, {members[0].pk: ("asleep", "")})
    assert not Attendance.objects.exists()


def test_only_the_teacher_or_staff_mark(lesson, members, other_teacher, admin_user):
    with pytest.raises(NotAllowed):
        services.mark_attendance(members[0], lesson, {})
    with pytest.raises(NotAllowed):
        services.mark_attendance(other_teacher, lesson, {})
    assert len(services.mark_attendance(admin_user, lesson, {})) == 3


def test_not_before_the_lesson_nor_when_cancelled(group, members, teacher):
    later = timezone.now() + dt.timedelta(days=1)
    future = LiveLessonFactory(group=group, start=later, end=later + dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.mark_attendance(teacher, future, {})
    soon = timezone.now() + dt.timedelta(minutes=10)
    services.mark_attendance(
        teacher, LiveLessonFactory(group=group, start=soon, end=soon + dt.timedelta(hours=1)), {}
    )
    LiveLesson.objects.filter(pk=future.pk).update(status="cancelled")
    future.refresh_from_db()
    with pytest.raises(ValidationError):
        services.mark_attendance(teacher, future, {})


def test_attendance_for_teacher_student_and_stranger(lesson, members, teacher, outsider):
    rows = services.attendance_for(teacher, lesson)
    assert [r.pk for r in rows] == [None, None, None]  # not marked yet: shown present
    services.mark_attendance(teacher, lesson, {members[1].pk: ("absent", "")})
    rows = services.attendance_for(teacher, lesson)
    assert [r.student.last_name for r in rows] == sorted(p.last_name for p in members)
    own = services.attendance_for(members[1], lesson)
    assert [(r.student_id, r.status) for r in own] == [(members[1].pk, "absent")]
    with pytest.raises(NotAllowed):
        services.attendance_for(outsider, lesson)
