"""Submitting an attempt: auto-grading of every question type, score, grade, pass, lateness."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.homework import services
from learning.homework.errors import AttemptClosed
from learning.homework.models import Homework, Question, Submission

from .conftest import choice_question, number_question
from .factories import QuestionFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def take(learner, homework, answers, now=None) -> Submission:
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, answers)
    return services.submit(submission, now=now)


def answer_points(submission, question) -> Decimal | None:
    return submission.answers.get(question=question).points


@pytest.mark.parametrize(("pick", "expected"), [(0, "1.00"), (1, "0.00")])
def test_single_choice_is_all_or_nothing(learner, homework, pick, expected):
    question, choices = choice_question(homework, True, False)
    submission = take(learner, homework, {question.pk: choices[pick].pk})
    assert answer_points(submission, question) == Decimal(expected)
    assert submission.status == Submission.Status.AUTO_GRADED


def test_single_choice_refuses_two_picks(learner, homework):
    question, choices = choice_question(homework, True, False)
    submission = services.start_attempt(learner, homework)
    with pytest.raises(ValidationError):
        services.save_answers(submission, {question.pk: [choices[0].pk, choices[1].pk]})
    assert not submission.answers.filter(choices__isnull=False).exists()


@pytest.mark.parametrize(
    ("picks", "expected"),
    [
        ([0, 1], "3.00"),  # both correct picks: full points
        ([0], "1.50"),  # one of two correct: half
        ([0, 1, 2], "1.50"),  # (2 right − 1 wrong) / 2
        ([0, 2], "0.00"),  # (1 − 1) / 2
        ([2], "0.00"),  # (0 − 1) / 2 is negative: never below zero
        ([], "0.00"),
    ],
)
def test_multi_choice_partial_credit(learner, homework, picks, expected):
    question, choices = choice_question(homework, True, True, False, multi=True, points="3")
    submission = take(learner, homework, {question.pk: [choices[i].pk for i in picks]})
    assert answer_points(submission, question) == Decimal(expected)
    assert submission.score == Decimal(expected)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("10", "2.00"),
        ("10.5", "2.00"),  # exactly at the tolerance above
        ("9.5", "2.00"),  # exactly at the tolerance below
        ("10,25", "2.00"),  # a decimal comma is read too
        ("10.501", "0.00"),  # just beyond
        ("9.499", "0.00"),
        ("", "0.00"),
    ],
)
def test_number_within_tolerance(learner, homework, given, expected):
    question = number_question(homework, correct="10", tolerance="0.5", points="2")
    submission = take(learner, homework, {question.pk: given})
    assert answer_points(submission, question) == Decimal(expected)


def test_number_without_tolerance_needs_the_exact_value(learner, homework):
    question = number_question(homework, correct="3.14", tolerance="0")
    assert take(learner, homework, {question.pk: "3.14"}).score == Decimal("2.00")


def test_number_answer_must_be_a_number(learner, homework):
    question = number_question(homework)
    submission = services.start_attempt(learner, homework)
    with pytest.raises(ValidationError):
        services.save_answers(submission, {question.pk: "десять"})


def test_score_grade_and_pass_mark(learner, homework):
    first, first_choices = choice_question(homework, True, False)
    second, second_choices = choice_question(homework, True, False)
    half = take(learner, homework, {first.pk: first_choices[0].pk, second.pk: second_choices[1].pk})
    assert (half.score, half.grade, half.passed) == (Decimal("1.00"), Decimal("50.00"), False)

    homework.pass_mark = 50  # exactly at the pass mark passes
    homework.max_attempts = 0
    homework.save()
    again = take(
        learner, homework, {first.pk: first_choices[0].pk, second.pk: second_choices[1].pk}
    )
    assert again.passed is True
    full = take(learner, homework, {first.pk: first_choices[0].pk, second.pk: second_choices[0].pk})
    assert (full.grade, full.passed) == (Decimal("100.00"), True)


def test_text_and_file_answers_wait_for_the_teacher(learner, homework):
    choice, choices = choice_question(homework, True, False)
    text = QuestionFactory(homework=homework, type=Question.Type.TEXT, points=Decimal("2"))
    submission = take(learner, homework, {choice.pk: choices[0].pk, text.pk: "Мой ответ"})
    assert submission.status == Submission.Status.NEEDS_REVIEW
    assert answer_points(submission, text) is None
    assert submission.score == Decimal("1.00")
    assert submission.passed is False  # not until the teacher grades


def test_uploaded_file_waits_for_the_teacher(learner, homework):
    question = QuestionFactory(homework=homework, type=Question.Type.FILE)
    upload = SimpleUploadedFile("scan.png", PNG)
    submission = take(learner, homework, {question.pk: upload})
    assert submission.status == Submission.Status.NEEDS_REVIEW


def test_unanswered_text_question_scores_zero_without_review(learner, homework):
    choice, choices = choice_question(homework, True, False)
    QuestionFactory(homework=homework, type=Question.Type.TEXT)
    submission = take(learner, homework, {choice.pk: choices[0].pk})
    assert submission.status == Submission.Status.AUTO_GRADED
    assert submission.grade == Decimal("50.00")


def test_a_submitted_attempt_cannot_be_changed_or_submitted_again(learner, homework):
    question, choices = choice_question(homework, True, False)
    submission = take(learner, homework, {question.pk: choices[1].pk})
    with pytest.raises(AttemptClosed):
        services.save_answers(submission, {question.pk: choices[0].pk})
    with pytest.raises(AttemptClosed):
        services.submit(submission)
    assert answer_points(submission, question) == Decimal("0.00")


# ---------------------------------------------------------------------------------------------
# Time limit and due date


@pytest.fixture
def timed(homework):
    homework.time_limit_minutes = 30
    homework.save()
    question, choices = choice_question(homework, True, False)
    return homework, question, choices


def test_submit_within_the_grace_minute_is_on_time(learner, timed):
    homework, question, choices = timed
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: choices[0].pk})
    done = services.submit(submission, now=submission.started_at + timedelta(minutes=31))
    assert done.is_late is False
    assert done.passed is True


def test_late_submit_is_recorded_late_when_accepted(learner, timed):
    homework, question, choices = timed
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: choices[0].pk})
    late = submission.started_at + timedelta(minutes=31, seconds=1)
    done = services.submit(submission, now=late)
    assert done.is_late is True
    assert done.status == Submission.Status.AUTO_GRADED
    assert done.passed is True


def test_late_submit_is_refused_when_the_homework_refuses(learner, timed):
    homework, question, choices = timed
    homework.late_policy = Homework.LatePolicy.REFUSE
    homework.save()
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: choices[0].pk})
    with pytest.raises(services.LateSubmissionRefused):
        services.submit(submission, now=submission.started_at + timedelta(minutes=32))
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert (submission.is_late, submission.passed, submission.score) == (True, False, 0)


def test_after_the_due_date_work_is_late(learner, homework):
    question, choices = choice_question(homework, True, False)
    submission = services.start_attempt(learner, homework)
    homework.due_at = submission.started_at + timedelta(hours=1)
    homework.save()
    on_time = services.submit(submission, now=homework.due_at)
    assert on_time.is_late is False

    homework.max_attempts = 0
    homework.late_policy = Homework.LatePolicy.REFUSE
    homework.save()
    second = services.start_attempt(learner, homework)
    with pytest.raises(services.LateSubmissionRefused):
        services.submit(second, now=homework.due_at + timedelta(seconds=1))
