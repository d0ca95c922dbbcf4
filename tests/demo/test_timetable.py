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
    # (bookings.yaml's trial lesson is another tutor's one-person group and one-off lesson)
    assert Group.objects.filter(teacher=tutor).count() == 1
    members = Membership.objects.filter(group=first)
    assert set(members.values_list("student", flat=True)) == {s.pk for s in students}
    assert RecurringLesson.objects.count() == 2
    # The one-off lesson; the rules' past lessons are stored as grades.yaml marks attendance.
    assert LiveLesson.objects.filter(group=first, rule=None).count() == 1
    assert {r.week_type for r in RecurringLesson.objects.all()} == {"all", "upper"}
    # The calendar has something in the coming two weeks, for the tutor and the students.
    now = timezone.now()
    window = now - dt.timedelta(days=7), now + dt.timedelta(days=14)
    assert len(services.occurrences_for(tutor, *window)) >= 4
    in_the_group = [
        o for o in services.occurrences_for(students[0], *window) if o.group_id == first.pk
    ]
    assert in_the_group == services.occurrences_for(tutor, *window)
