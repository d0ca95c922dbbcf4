"""The demo timetable: the tutor's group with the three students, two rules, a one-off lesson."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from demo.loader import read
from demo.loader.timetable import load_timetable
from learning.schedule import services
from learning.schedule.models import Group, LiveLesson, Membership, RecurringLesson

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def test_demo_timetable_is_made_once(demo):
    data = read("timetable")
    assert load_timetable({**data, "teacher": "nobody@ustat.test"}) is None  # no tutor: nothing
    tutor = User.objects.get(email="tutor1@ustat.test")
    students = [User.objects.get(email=f"student{i}@ustat.test") for i in (1, 2, 3)]
    first = Group.objects.get(teacher=tutor)
    again = load_timetable(data)
    assert again["group"] == first
    assert Group.objects.count() == 1 and Membership.objects.count() == 3
    assert set(Membership.objects.values_list("student", flat=True)) == {s.pk for s in students}
    assert RecurringLesson.objects.count() == 2 and LiveLesson.objects.count() == 1
    assert {r.week_type for r in RecurringLesson.objects.all()} == {"all", "upper"}
    # The calendar has something in the coming two weeks, for the tutor and the students.
    now = timezone.now()
    window = now - dt.timedelta(days=7), now + dt.timedelta(days=14)
    assert len(services.occurrences_for(tutor, *window)) >= 4
    assert services.occurrences_for(students[0], *window) == services.occurrences_for(
        tutor, *window
    )
