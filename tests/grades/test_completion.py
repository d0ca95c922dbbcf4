"""Course completion by the grading scheme (learning.grades.completion): every lesson done is
not enough, the final grade must reach the pass mark; grading, overrides, excuses and
attendance check again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.enrollment import services as enrollment
from learning.enrollment.models import Enrollment
from learning.grades import services
from learning.grades.completion import passes_by_scheme
from learning.grades.models import GradingScheme
from learning.homework.models import Homework, Submission
from learning.schedule.services import attendance_marked

from ..factories import StudentFactory
from ..homework.factories import HomeworkFactory
from .conftest import enroll, held_lesson, homework, join, mark, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def control(lesson):
    return homework(lesson, Homework.Kind.CONTROL_POINT, title="Контрольная")


def status(person, course) -> str:
    return Enrollment.objects.get(user=person, course=course).status


def finish_lessons(person, lesson, capture) -> None:
    with capture(execute=True):
        enrollment.complete_lesson(person, lesson)


def test_below_the_pass_mark_the_course_is_not_completed(
    course, lesson, control, django_capture_on_commit_callbacks
):
    person = enroll(course)
    submit(person, control, "30")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE
    assert not passes_by_scheme(person, course)


def test_at_the_pass_mark_every_lesson_done_completes(
    course, lesson, control, django_capture_on_commit_callbacks
):
    person = enroll(course)
    submit(person, control, "50")  # the default pass mark is 50 %
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_the_pass_mark_is_the_courses_own(
    course, lesson, control, django_capture_on_commit_callbacks
):
    GradingScheme.objects.create(course=course, pass_mark=70)
    person = enroll(course)
    submit(person, control, "60")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE


def test_the_grade_alone_does_not_complete_with_lessons_left(
    course, lesson, control, django_capture_on_commit_callbacks
):
    person = enroll(course)
    with django_capture_on_commit_callbacks(execute=True):
        submit(person, control, "100")
    assert status(person, course) == Enrollment.Status.ACTIVE


def test_grading_that_reaches_the_pass_mark_completes(
    course, lesson, control, django_capture_on_commit_callbacks
):
    person = enroll(course)
    submit(person, control, "20")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        submit(person, control, "90", attempt=2)
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_work_waiting_for_grading_holds_completion_until_graded(
    course, lesson, control, django_capture_on_commit_callbacks
):
    person = enroll(course)
    waiting = submit(person, control, None, status=Submission.Status.NEEDS_REVIEW)
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE
    waiting.status, waiting.grade = Submission.Status.GRADED, Decimal(75)
    with django_capture_on_commit_callbacks(execute=True):
        waiting.save()
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_an_override_of_the_final_grade_lifts_it(
    course, lesson, control, teacher, django_capture_on_commit_callbacks
):
    person = enroll(course)
    submit(person, control, "10")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.override(teacher, course, person.pk, "final", Decimal(60), "Устный зачёт")
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_an_excuse_from_the_failed_item_lifts_it(
    course, lesson, control, teacher, django_capture_on_commit_callbacks
):
    person = enroll(course)
    passed = homework(lesson, title="Дроби")
    submit(person, passed, "50")  # with the control point at 0: 20 / 70 → 28.57 %
    submit(person, control, "0")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        services.excuse(teacher, course, person.pk, f"homework:{control.pk}", True, "Болел")
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_attendance_newly_marked_checks_again(
    course, lesson, group, django_capture_on_commit_callbacks
):
    GradingScheme.objects.create(
        course=course,
        weight_homework=0,
        weight_tests=0,
        weight_control_points=0,
        weight_attendance=100,
    )
    person = enroll(course)
    join(group, person)
    # Held before the real now: completion is checked against the clock.
    held = held_lesson(group, start=timezone.now() - dt.timedelta(days=1))
    record = mark(held, person, "absent")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE
    record.status = "present"
    record.save()
    with django_capture_on_commit_callbacks(execute=True):
        attendance_marked.send(sender=type(record), lesson=held, student_ids=[person.pk])
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_a_course_with_nothing_graded_completes_on_its_lessons(
    course, lesson, django_capture_on_commit_callbacks
):
    person = enroll(course)
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_a_failed_grade_in_another_course_does_not_hold_this_one(
    course, lesson, control, catalog, django_capture_on_commit_callbacks
):
    person = enroll(course)
    submit(person, control, "90")
    stranger = StudentFactory()
    submit(stranger, HomeworkFactory(lesson=lesson, due_at=None), "0")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.COMPLETED


def test_the_final_test_is_still_required(
    course, lesson, control, django_capture_on_commit_callbacks
):
    final = homework(lesson, Homework.Kind.TEST, title="Итоговый тест", is_final_test=True)
    person = enroll(course)
    submit(person, control, "90")
    submit(person, final, "100", passed=False)  # graded, yet not passed
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE


def test_a_lowered_pass_mark_completes_who_now_reaches_it(
    course, lesson, control, teacher, django_capture_on_commit_callbacks
):
    services.save_scheme(teacher, course, {"pass_mark": 70})
    person = enroll(course)
    submit(person, control, "60")
    finish_lessons(person, lesson, django_capture_on_commit_callbacks)
    assert status(person, course) == Enrollment.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        services.save_scheme(teacher, course, {"pass_mark": 60})
    assert status(person, course) == Enrollment.Status.COMPLETED
