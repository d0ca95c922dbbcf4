"""The demo grades: graded work and attendance in the tutor's evening group, made once."""

import pytest

from demo.loader import read
from demo.loader.grades import load_grades
from learning.grades.services.gradebook import build
from learning.homework.models import Homework, Submission
from learning.schedule.models import Attendance, Group

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def test_demo_grades_are_made_once(demo):
    group = Group.objects.get(name__startswith="Английский")
    counts = Homework.objects.count(), Submission.objects.count(), Attendance.objects.count()
    again = load_grades(read("grades"), {"group": group})
    assert again == {"items": 0, "submissions": 0, "attendance": 0}
    assert counts == (
        Homework.objects.count(),
        Submission.objects.count(),
        Attendance.objects.count(),
    )
    assert load_grades({**read("grades"), "course": "nope"}, {"group": group})["items"] == 0


def test_demo_gradebook_has_a_strong_an_average_and_a_struggling_learner(demo):
    group = Group.objects.get(name__startswith="Английский")
    book = build(group.course, group=group)
    grades = {row.student.email: row.grade for row in book.rows}
    kinds = {column.category for column in book.columns}
    assert len(kinds) == 4  # homework, tests, control points and attended lessons
    assert grades["student1@ustat.test"].mark == 5
    assert grades["student2@ustat.test"].passed
    assert not grades["student3@ustat.test"].passed  # missed work and lessons
    waiting = Submission.objects.filter(status=Submission.Status.NEEDS_REVIEW)
    assert waiting.filter(student__email="student2@ustat.test").exists()
    # Some work is still to come: the desk and the learner's grades have deadlines to show.
    assert Homework.objects.filter(course=group.course, due_at__gt=book.columns[0].due_at).count()
