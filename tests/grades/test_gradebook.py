"""The gradebook built from submissions, attendance and adjustments (services.build and
read_course / read_group / my_grades), its permissions and its query count."""

from decimal import Decimal

import pytest

from core.errors import NotAllowed
from learning.grades import services
from learning.grades.computation import Category
from learning.grades.errors import GradesNotFound, GroupWithoutCourse
from learning.homework.models import Homework, Submission
from learning.schedule.models import Attendance

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory, StudentFactory
from ..schedule.factories import GroupFactory
from .conftest import FUTURE, NOW, enroll, held_lesson, homework, join, mark, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(course, lesson, group):
    """Two learners; A is in the group, B is not. Four course items and one group item."""
    a, b = enroll(course, last_name="Алексеева"), enroll(course, last_name="Борисов")
    join(group, a)
    hw = homework(lesson, title="Дроби", weight=Decimal(1))
    test = homework(lesson, Homework.Kind.TEST, title="Тест")
    cp = homework(lesson, Homework.Kind.CONTROL_POINT, title="Контрольная")
    later = homework(lesson, due_at=FUTURE, title="На потом")
    given = homework(None, title="Групповое")
    lesson_held = held_lesson(group, homework=given)
    submit(a, hw, "80")
    submit(a, hw, "60", attempt=2)  # the best attempt counts
    submit(a, test, "40", status=Submission.Status.NEEDS_REVIEW)
    submit(a, cp, "50", is_late=True)
    mark(lesson_held, a)
    return {
        "a": a,
        "b": b,
        "hw": hw,
        "test": test,
        "cp": cp,
        "later": later,
        "given": given,
        "lesson": lesson_held,
    }


def cells(row):
    return {key: (cell.status, cell.percent) for key, cell in row.cells.items()}


def test_the_course_gradebook_has_each_learners_cells_and_grade(course, teacher, world):
    book = services.read_course(teacher, course, now=NOW)
    a, b = book.rows
    assert (a.student, b.student) == (world["a"], world["b"])
    w = world
    assert cells(a) == {
        f"homework:{w['hw'].pk}": ("graded", Decimal("80.00")),
        f"homework:{w['test'].pk}": ("waiting", None),
        f"homework:{w['cp'].pk}": ("late", Decimal("50.00")),
        f"homework:{w['later'].pk}": ("open", None),
        f"homework:{w['given'].pk}": ("missing", None),
        f"lesson:{w['lesson'].pk}": ("present", Decimal("100")),
    }
    # Default scheme: homework 40 (80 and a missing 0 → 40), control points 30 (50),
    # attendance 10 (100); tests wait for grading → (16 + 15 + 10) / 80.
    assert a.grade.subtotals[Category.HOMEWORK] == Decimal("40.00")
    assert a.grade.subtotals[Category.TESTS] is None
    assert a.grade.percent == Decimal("51.25")
    assert a.grade.mark == 3
    # B is in no group: neither the group's homework nor its lesson is theirs.
    assert set(b.cells) == {f"homework:{w[k].pk}" for k in ("hw", "test", "cp", "later")}
    assert b.grade.percent == Decimal("0.00")


def test_the_group_gradebook_has_its_members_only(course, group, world):
    book = services.read_group(group.teacher, group, now=NOW)
    assert [row.student for row in book.rows] == [world["a"]]
    assert f"lesson:{world['lesson'].pk}" in {c.key for c in book.columns}


def test_an_excused_lesson_in_the_timetable_leaves_the_average(course, teacher, world):
    Attendance.objects.filter(student=world["a"]).update(status=Attendance.Status.EXCUSED)
    row = services.read_course(teacher, course, now=NOW).rows[0]
    assert row.cells[f"lesson:{world['lesson'].pk}"].status == "excused"
    assert row.grade.subtotals[Category.ATTENDANCE] is None


def test_the_scheme_changes_the_grade(course, teacher, world):
    services.save_scheme(
        teacher,
        course,
        {
            "weight_homework": 100,
            "weight_tests": 0,
            "weight_control_points": 0,
            "weight_attendance": 0,
            "missing_work": "ignored",
        },
    )
    row = services.read_course(teacher, course, now=NOW).rows[0]
    assert row.grade.percent == Decimal("80.00")


def test_a_teacher_cannot_read_another_teachers_gradebooks(course, group, other_teacher):
    with pytest.raises(NotAllowed):
        services.read_course(other_teacher, course)
    with pytest.raises(NotAllowed):
        services.read_group(other_teacher, group)
    # The group's teacher reads the group's, not the whole course's.
    with pytest.raises(NotAllowed):
        services.read_course(group.teacher, course)


def test_staff_read_every_gradebook(course, group, world):
    admin = AdminFactory()
    assert len(services.read_course(admin, course).rows) == 2
    assert len(services.read_group(admin, group).rows) == 1


def test_a_learner_reads_only_their_own_grades(course, world):
    (row,) = services.my_grades(world["b"], course, now=NOW).rows
    assert row.student == world["b"]
    with pytest.raises(NotAllowed):
        services.read_course(world["b"], course)
    with pytest.raises(GradesNotFound):
        services.my_grades(StudentFactory(), course)


def build_world(course, lesson, group, learners, items):
    people = [enroll(course) for _ in range(learners)]
    for person in people:
        join(group, person)
    kinds = list(Homework.Kind)
    works = [homework(lesson, kinds[i % 3]) for i in range(items)]
    lessons = [held_lesson(group) for _ in range(2)]
    for person in people:
        for work in works[::2]:
            submit(person, work, "75")
        mark(lessons[0], person)
    services.override(course.teacher, course, people[0].pk, "final", Decimal(90), "Олимпиада")


@pytest.mark.parametrize("learners, items", [(2, 3), (12, 9)])
def test_the_gradebook_takes_the_same_queries_at_any_size(
    course, lesson, group, teacher, learners, items, django_assert_num_queries
):
    build_world(course, lesson, group, learners, items)
    with django_assert_num_queries(10):
        book = services.read_course(teacher, course, now=NOW)
    assert len(book.rows) == learners and len(book.columns) == items + 2
    with django_assert_num_queries(10):
        services.read_group(group.teacher, group, now=NOW)


def test_another_courses_homework_given_to_a_group_is_its_members_only(
    catalog, course, group, world
):
    other = CoursePageFactory(parent=catalog, title="Физика", price=0)
    borrowed = homework(LessonPageFactory(parent=other, title="Урок"), title="Чужое")
    held_lesson(group, homework=borrowed)
    a, b = services.build(course, now=NOW).rows
    key = f"homework:{borrowed.pk}"
    assert key in a.cells and key not in b.cells


def test_a_group_without_a_course_has_no_gradebook(teacher):
    lonely = GroupFactory(teacher=teacher)
    with pytest.raises(GroupWithoutCourse):
        services.read_group(teacher, lonely)
    with pytest.raises(GroupWithoutCourse):
        services.group_history(teacher, lonely)
