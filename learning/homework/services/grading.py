"""Scoring: automatic points on submission, the teacher's grading, totals, regrading a
question whose key was fixed. A passed final test tells enrollment (learning.enrollment)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.enrollment.services import check_completion

from ..errors import AttemptClosed, LateSubmissionRefused, NotSubmitted
from ..models import Answer, Homework, Question, Submission
from ..permissions import require_grade
from .answers import parse_decimal, question_label
from .attempts import is_late
from .notifications import notify_graded

CENT = Decimal("0.01")
ZERO = Decimal("0")

Status = Submission.Status
QType = Question.Type


def auto_points(question: Question, answer: Answer | None) -> Decimal | None:
    """Points an answer earns automatically; None when the teacher must grade it.

    - SINGLE_CHOICE: all or nothing — exactly the one correct choice earns the points.
    - MULTI_CHOICE: partial credit,
      points × max(0, (correct picks − wrong picks) / number of correct choices),
      so picking every choice earns nothing and a wrong pick cancels a right one.
    - NUMBER: full points when |answer − correct number| ≤ tolerance, otherwise 0.
    - TEXT and FILE: None if answered (the teacher grades them), 0 if left empty.
    """
    points = question.points
    if question.type in Question.MANUAL_TYPES:
        if answer is None or not (
            answer.text.strip() if question.type == QType.TEXT else answer.file
        ):
            return ZERO
        return None
    if answer is None:
        return ZERO
    if question.type == QType.NUMBER:
        if answer.number is None or question.correct_number is None:
            return ZERO
        ok = abs(answer.number - question.correct_number) <= question.tolerance
        return points if ok else ZERO
    chosen = {choice.pk for choice in answer.choices.all()}
    correct = {choice.pk for choice in question.choices.all() if choice.is_correct}
    if question.type == QType.SINGLE_CHOICE:
        return points if correct and chosen == correct and len(correct) == 1 else ZERO
    if not correct:
        return ZERO
    right = len(chosen & correct)
    wrong = len(chosen - correct)
    share = max(Decimal(0), Decimal(right - wrong) / Decimal(len(correct)))
    return (points * share).quantize(CENT, rounding=ROUND_HALF_UP)


def _totals(submission: Submission, questions: Iterable[Question]) -> None:
    """Score, grade and passed from the answers' points (unset points count as 0)."""
    questions = list(questions)
    awarded = {a.question_id: a.points for a in submission.answers.all() if a.points is not None}
    total = sum((q.points for q in questions), ZERO)
    score = sum((awarded.get(q.pk, ZERO) for q in questions), ZERO)
    submission.score = score.quantize(CENT, rounding=ROUND_HALF_UP)
    grade = (100 * score / total) if total > 0 else ZERO
    submission.grade = grade.quantize(CENT, rounding=ROUND_HALF_UP)
    submission.passed = submission.status in (Status.AUTO_GRADED, Status.GRADED) and (
        submission.grade >= submission.homework.pass_mark
    )


def _questions(homework: Homework) -> list[Question]:
    return list(homework.questions.prefetch_related("choices"))


def _autograde(submission: Submission, questions: list[Question]) -> bool:
    """Set each answer's automatic points; True when some answer waits for the teacher."""
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(submission=submission).prefetch_related("choices")
    }
    pending = False
    for question in questions:
        answer = answers.get(question.pk)
        points = auto_points(question, answer)
        if points is None:
            pending = True
            continue
        if answer is None:
            if question.type in Question.AUTO_TYPES:
                answer = Answer.objects.create(submission=submission, question=question)
            else:
                continue
        if answer.points != points:
            answer.points = points
            answer.save(update_fields=["points"])
    return pending


def _after_passed(submission: Submission) -> None:
    homework = submission.homework
    if submission.passed and homework.is_final_test and homework.course_id:
        check_completion(submission.student, homework.course)


def submit(submission: Submission, now: datetime | None = None) -> Submission:
    """Hand the attempt in: late check, auto-grading, score, grade and pass.

    After the time limit (plus a minute's grace) or the due date the attempt is marked
    late, or — if the homework refuses late work — closed with status "submitted", score 0,
    not passed, and LateSubmissionRefused is raised. Choice and number questions are graded
    at once (see auto_points); if a free-text or file answer waits for the teacher the
    status is "needs review", else "auto-graded". A passed final test may complete the
    course (learning.enrollment.services.check_completion).
    """
    now = now or timezone.now()
    refused = False
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("homework", "student")
            .get(pk=submission.pk)
        )
        if submission.status != Status.IN_PROGRESS:
            raise AttemptClosed()
        homework = submission.homework
        submission.submitted_at = now
        submission.is_late = is_late(submission, now)
        if submission.is_late and homework.late_policy == Homework.LatePolicy.REFUSE:
            refused = True
            submission.status = Status.SUBMITTED
            submission.score = ZERO
            submission.grade = ZERO
            submission.passed = False
        else:
            questions = _questions(homework)
            pending = _autograde(submission, questions)
            submission.status = Status.NEEDS_REVIEW if pending else Status.AUTO_GRADED
            _totals(submission, questions)
        submission.save()
        if not refused:
            _after_passed(submission)
    if refused:
        raise LateSubmissionRefused()
    return submission


GRADABLE = (Status.AUTO_GRADED, Status.NEEDS_REVIEW, Status.GRADED, Status.RETURNED)


def grade(
    submission: Submission,
    teacher,
    per_answer: Mapping[int, tuple[Any, str]],
    comment: str = "",
    return_for_rework: bool = False,
) -> Submission:
    """The course's teacher (or staff) grades: points and feedback per question id.

    Points are capped to the question's points; every answer still waiting for the teacher
    must get points unless the work is returned for rework. The student is e-mailed once.
    """
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("homework__course", "student")
            .get(pk=submission.pk)
        )
        homework = submission.homework
        require_grade(teacher, homework)
        if submission.status not in GRADABLE:
            raise NotSubmitted()
        questions = _questions(homework)
        by_id = {q.pk: q for q in questions}
        # One read of the answers and one write per kind of change: a 50-question test is
        # graded in a handful of queries (make bench: tests/bench/homework.py).
        answers = {a.question_id: a for a in Answer.objects.filter(submission=submission)}
        changed: list[Answer] = []
        created: list[Answer] = []
        for question_id, (points, feedback) in per_answer.items():
            question = by_id.get(int(question_id))
            if question is None:
                raise ValidationError(_("This question is not part of the homework."))
            answer = answers.get(question.pk)
            if answer is None:
                answer = answers[question.pk] = Answer(submission=submission, question=question)
                created.append(answer)
            else:
                changed.append(answer)
            if points is not None and points != "":
                try:
                    value = parse_decimal(points)
                except ValueError:
                    raise ValidationError(_("Points must be a number.")) from None
                if value < 0:
                    raise ValidationError(_("Points cannot be negative."))
                answer.points = min(value, question.points).quantize(CENT)
            answer.feedback = feedback or ""
        Answer.objects.bulk_create(created)
        Answer.objects.bulk_update(changed, ["points", "feedback"])
        if not return_for_rework:
            missing = [
                str(question_label(q, n))
                for n, q in enumerate(questions, start=1)
                if q.type in Question.MANUAL_TYPES
                and q.pk in answers
                and answers[q.pk].points is None
            ]
            if missing:
                raise ValidationError(
                    _("Give points for: %(questions)s.") % {"questions": ", ".join(missing)},
                    code="ungraded",
                )
        submission.status = Status.RETURNED if return_for_rework else Status.GRADED
        submission.teacher_comment = comment or ""
        submission.graded_by = teacher
        submission.graded_at = timezone.now()
        _totals(submission, questions)
        submission.save()
        _after_passed(submission)
        notify_graded(submission)
    return submission


@transaction.atomic
def regrade_question(question: Question) -> int:
    """Recompute the automatic points of one question in every submitted attempt.

    For when the teacher fixes a wrong "correct" choice or number: all the homework's
    submissions are updated (points, score, grade, passed) in one transaction — all or
    none. Returns the number of submissions whose answer was regraded.
    """
    question = Question.objects.prefetch_related("choices").get(pk=question.pk)
    if question.type not in Question.AUTO_TYPES:
        return 0
    homework = question.homework
    questions = _questions(homework)
    submissions = list(
        Submission.objects.select_for_update(of=("self",))
        .filter(homework=homework)
        .exclude(status__in=(Status.IN_PROGRESS, Status.SUBMITTED))
        .select_related("student", "homework")
        .order_by("pk")
    )
    for submission in submissions:
        answer = (
            Answer.objects.filter(submission=submission, question=question)
            .prefetch_related("choices")
            .first()
        )
        points = auto_points(question, answer)
        if answer is None:
            answer = Answer(submission=submission, question=question)
        answer.points = points
        answer.save()
        was_passed = submission.passed
        _totals(submission, questions)
        submission.save(update_fields=["score", "grade", "passed"])
        if submission.passed and not was_passed:
            _after_passed(submission)
    return len(submissions)
