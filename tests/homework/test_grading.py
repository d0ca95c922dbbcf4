"""The teacher grades, regrading a fixed question, the final test, the e-mail to the student."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import ProfileSettings
from core.errors import NotAllowed
from learning.enrollment.models import Enrollment, LessonProgress
from learning.homework import services
from learning.homework.errors import NotSubmitted
from learning.homework.models import Answer, Question, Submission
from learning.homework.services import grading

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .conftest import choice_question
from .factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("course_teacher", True), ("staff", True), ("other_teacher", False), ("student", False)],
)
def test_who_may_grade(handed_in, essay, teacher, learner, who, allowed):
    _homework, _choice, _choices, text = essay
    person = {
        "course_teacher": teacher,
        "staff": AdminFactory(),
        "other_teacher": TeacherFactory(),
        "student": learner,
    }[who]
    if not allowed:
        with pytest.raises(NotAllowed):
            services.grade(handed_in, person, {text.pk: (2, "Отлично")}, "Молодец")
        handed_in.refresh_from_db()
        assert handed_in.status == Submission.Status.NEEDS_REVIEW
        return
    graded = services.grade(handed_in, person, {text.pk: (2, "Отлично")}, "Молодец")
    assert graded.status == Submission.Status.GRADED
    assert (graded.score, graded.grade, graded.passed) == (Decimal("3.00"), Decimal("100.00"), True)
    assert graded.graded_by == person
    assert Answer.objects.get(submission=handed_in, question=text).feedback == "Отлично"


def test_points_are_capped_to_the_question(handed_in, essay, teacher):
    text = essay[3]
    graded = services.grade(handed_in, teacher, {text.pk: (50, "")}, "")
    assert Answer.objects.get(submission=handed_in, question=text).points == Decimal("2.00")
    assert graded.grade == Decimal("100.00")


def test_negative_points_are_refused(handed_in, essay, teacher):
    with pytest.raises(ValidationError):
        services.grade(handed_in, teacher, {essay[3].pk: (-1, "")}, "")


def test_low_points_fail_the_pass_mark(handed_in, essay, teacher):
    graded = services.grade(handed_in, teacher, {essay[3].pk: ("0.5", "Слабо")}, "")
    assert (graded.grade, graded.passed) == (Decimal("50.00"), False)


def test_every_waiting_answer_needs_points(handed_in, teacher):
    with pytest.raises(ValidationError) as error:
        services.grade(handed_in, teacher, {}, "Без баллов")
    assert error.value.code == "ungraded"


def test_returned_for_rework_gives_a_new_attempt(handed_in, teacher, learner, essay):
    homework = essay[0]
    returned = services.grade(handed_in, teacher, {}, "Доработайте", return_for_rework=True)
    assert returned.status == Submission.Status.RETURNED
    assert returned.passed is False
    again = services.start_attempt(learner, homework)  # the limit is 1, the returned one is free
    assert again.attempt == 2


def test_work_in_progress_cannot_be_graded(learner, essay, teacher):
    submission = services.start_attempt(learner, essay[0])
    with pytest.raises(NotSubmitted):
        services.grade(submission, teacher, {essay[3].pk: (2, "")}, "")


# ---------------------------------------------------------------------------------------------
# Regrading a fixed question


@pytest.fixture
def wrong_key(homework, course):
    """Two students answered a question whose "correct" choice was the wrong one."""
    homework.max_attempts = 0
    homework.save()
    question, choices = choice_question(homework, True, False)  # the teacher's mistake: 0 is wrong
    people = []
    for pick in (0, 1):
        person = StudentFactory()
        Enrollment.objects.create(user=person, course=course, source="free")
        submission = services.start_attempt(person, homework)
        services.save_answers(submission, {question.pk: choices[pick].pk})
        people.append(services.submit(submission))
    choices[0].is_correct, choices[1].is_correct = False, True
    choices[0].save()
    choices[1].save()
    return question, people


def test_regrading_updates_every_submission(wrong_key):
    question, (first, second) = wrong_key
    assert (first.passed, second.passed) == (True, False)
    assert services.regrade_question(question) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.score, first.grade, first.passed) == (Decimal("0.00"), Decimal("0.00"), False)
    assert (second.score, second.grade, second.passed) == (Decimal("1.00"), Decimal("100.00"), True)


def test_regrading_is_one_transaction(wrong_key, monkeypatch):
    question, (first, second) = wrong_key
    real_totals = grading._totals
    calls = []

    def fail_on_second(submission, questions):
        calls.append(submission.pk)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        real_totals(submission, questions)

    monkeypatch.setattr(grading, "_totals", fail_on_second)
    with pytest.raises(RuntimeError):
        services.regrade_question(question)
    first.refresh_from_db()
    assert (first.score, first.passed) == (Decimal("1.00"), True)  # rolled back with the rest
    assert Answer.objects.get(submission=first, question=question).points == Decimal("1.00")


# ---------------------------------------------------------------------------------------------
# The course's final test


@pytest.fixture
def final(homework, lesson, learner):
    """The course's only lesson is completed; its test is the final test."""
    homework.is_final_test = True
    homework.save()
    LessonProgress.objects.create(
        user=learner, lesson=lesson, status="completed", percent=100, completed_at=timezone.now()
    )
    question, choices = choice_question(homework, True, False)
    return homework, question, choices


def test_final_test_passed(final, learner, course):
    homework, question, choices = final
    assert services.final_test_passed(learner, course) is False
    homework.max_attempts = 0
    homework.save()
    failed = services.start_attempt(learner, homework)
    services.save_answers(failed, {question.pk: choices[1].pk})
    services.submit(failed)
    assert services.final_test_passed(learner, course) is False
    passed = services.start_attempt(learner, homework)
    services.save_answers(passed, {question.pk: choices[0].pk})
    services.submit(passed)
    assert services.final_test_passed(learner, course) is True
    assert services.final_test_passed(StudentFactory(), course) is False


def test_a_course_without_a_final_test_needs_none(homework, learner, course):
    assert services.final_test_passed(learner, course) is True


def test_passing_the_final_test_completes_the_course(final, learner, course):
    homework, question, choices = final
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: choices[0].pk})
    services.submit(submission)
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.status == Enrollment.Status.COMPLETED


def test_failing_the_final_test_keeps_the_course_open(final, learner, course):
    homework, question, choices = final
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: choices[1].pk})
    services.submit(submission)
    assert Enrollment.objects.get(user=learner, course=course).status == "active"


def test_a_graded_final_test_completes_the_course(final, learner, course, teacher):
    homework, question, choices = final
    essay = QuestionFactory(homework=homework, type=Question.Type.TEXT)
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: choices[0].pk, essay.pk: "Ответ"})
    services.submit(submission)
    assert Enrollment.objects.get(user=learner, course=course).status == "active"
    services.grade(submission, teacher, {essay.pk: (1, "")}, "")
    assert Enrollment.objects.get(user=learner, course=course).status == "completed"


# ---------------------------------------------------------------------------------------------
# The e-mail to the student


def test_graded_work_is_announced_once(
    handed_in, essay, teacher, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.grade(handed_in, teacher, {essay[3].pk: (2, "")}, "Хорошо")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    assert "Хорошо" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_graded(handed_in) is False
    assert len(mail.outbox) == 1
    handed_in.refresh_from_db()
    assert handed_in.notified_at is not None

    with django_capture_on_commit_callbacks(execute=True):  # a new grading: a new e-mail
        services.grade(handed_in, teacher, {essay[3].pk: (1, "")}, "Пересмотрел")
    assert len(mail.outbox) == 2


def test_no_email_when_the_student_opted_out(
    handed_in, essay, teacher, learner, django_capture_on_commit_callbacks
):
    ProfileSettings.objects.update_or_create(user=learner, defaults={"email_homework": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.grade(handed_in, teacher, {essay[3].pk: (2, "")}, "")
    assert mail.outbox == []


def test_auto_graded_work_is_not_announced(learner, homework, django_capture_on_commit_callbacks):
    question, choices = choice_question(homework, True, False)
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: choices[0].pk})
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(submission)
        assert services.notify_graded(submission) is False
    assert mail.outbox == []
