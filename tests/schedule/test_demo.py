import datetime as dt

import pytest
from django.utils import timezone

from learning.schedule import services
from learning.schedule.demo import load_demo
from learning.schedule.models import Group, LiveLesson, Membership, RecurringLesson

from ..factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def test_demo_timetable_is_made_once(db):
    assert load_demo() is None  # no demo tutor yet: nothing to do
    tutor = TeacherFactory(email="tutor1@ustat.test")
    students = [StudentFactory(email=f"student{i}@ustat.test") for i in (1, 2, 3)]
    first = load_demo()
    second = load_demo()
    assert first["group"] == second["group"]
    assert Group.objects.count() == 1 and Membership.objects.count() == 3
    assert RecurringLesson.objects.count() == 2 and LiveLesson.objects.count() == 1
    assert {r.week_type for r in RecurringLesson.objects.all()} == {"all", "upper"}
    # The calendar has something in the coming two weeks, for the tutor and the students.
    now = timezone.now()
    window = now - dt.timedelta(days=7), now + dt.timedelta(days=14)
    assert len(services.occurrences_for(tutor, *window)) >= 4
    assert services.occurrences_for(students[0], *window) == services.occurrences_for(
        tutor, *window
    )
