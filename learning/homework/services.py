"""Homework rules: who may take it, attempts, answers, submission, auto-grading, grading.

Views and the API call these; nothing here knows about requests.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.services import notify
from courses.models import CoursePage
from courses.services import is_staff, teaches
from learning.enrollment.services import check_completion, is_enrolled

from .models import Answer, Choice, Homework, Question, Submission

# A submission this long after the time limit is still on time (clocks, slow networks).
TIME_LIMIT_GRACE = timedelta(minutes=1)
DEFAULT_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
CENT = Decimal("0.01")
ZERO = Decimal("0")

Status = Submission.Status
QType = Question.Type


def max_upload_size() -> int:
    return int(getattr(settings, "HOMEWORK_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE))


# ---------------------------------------------------------------------------------------------
# Building a homework


def validate_homework(
    homework: Homework,
    questions: Iterable[tuple[Question, Iterable[Any]]] | None = None,
) -> list[str]:
    """What keeps the homework from being given out; an empty list when it is ready.

    ``questions`` — (question, its choices) pairs in their order — lets the admin form check
    unsaved edits with the same rules; by default the saved questions are read.
    """
    errors: list[str] = []
    if questions is None:
        questions = [
            (question, question.choices.all())
            for question in homework.questions.prefetch_related("choices")
        ]
    questions = list(questions)
    if not questions:
        errors.append(str(_("The homework has no questions.")))
    for number, (question, choices) in enumerate(questions, start=1):
        if question.points is None or question.points <= 0:
            errors.append(
                str(_("Question %(number)s: give it more than zero points.") % {"number": number})
            )
        if question.type in Question.CHOICE_TYPES:
            correct = sum(1 for choice in choices if choice.is_correct)
            if correct == 0:
                errors.append(
                    str(
                        _("Question %(number)s: mark at least one choice as correct.")
                        % {"number": number}
                    )
                )
            elif correct > 1 and question.type == QType.SINGLE_CHOICE:
                errors.append(
                    str(
                        _(
                            "Question %(number)s: a single-choice question can have only one "
                            "correct choice."
                        )
                        % {"number": number}
                    )
                )
        if question.type == QType.NUMBER and question.correct_number is None:
            errors.append(
                str(_("Question %(number)s: enter the correct number.") % {"number": number})
            )
    return errors


def ensure_valid(homework: Homework) -> None:
    """Raise ValidationError with every problem validate_homework finds."""
    if errors := validate_homework(homework):
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Taking a homework


def in_homework_group(user, homework: Homework) -> bool:
    """A member of a group whose live lesson or lesson rule gives this homework."""
    from learning.schedule.models import Membership  # the timetable builds on homework

    groups = Membership.objects.filter(student=user).values("group_id")
    return (
        homework.live_lessons.filter(group_id__in=groups).exists()
        or homework.lesson_rules.filter(group_id__in=groups).exists()
    )


def can_take(user, homework: Homework) -> bool:
    """Students enrolled in the homework's course, or members of a group it is given to."""
    if not (user and user.is_authenticated):
        return False
    if homework.course_id is not None and is_enrolled(user, homework.course):
        return True
    return in_homework_group(user, homework)


def can_view_homework(user, homework: Homework) -> bool:
    """Who may open the homework: those who may take it or grade it."""
    return can_grade(user, homework) or can_take(user, homework)


def can_view_submission(user, submission: Submission) -> bool:
    """The student who owns it, the homework's teacher and staff."""
    if not (user and user.is_authenticated):
        return False
    return submission.student_id == user.pk or can_grade(user, submission.homework)


def discard_attempt(user, submission: Submission) -> None:
    """A student deletes their own attempt before handing it in."""
    if submission.student_id != user.pk:
        raise PermissionDenied(_("This is not your attempt."))
    deleted, _rows = Submission.objects.filter(pk=submission.pk, status=Status.IN_PROGRESS).delete()
    if not deleted:
        raise ValidationError(_("This attempt is already submitted."), code="closed")


def attempts_used(user, homework: Homework) -> int:
    """Attempts that count towards the limit; work returned for rework does not count."""
    return (
        Submission.objects.filter(student=user, homework=homework)
        .exclude(status=Status.RETURNED)
        .count()
    )


def attempts_left(user, homework: Homework) -> int | None:
    """None: unlimited."""
    if homework.max_attempts == 0:
        return None
    return max(0, homework.max_attempts - attempts_used(user, homework))


def _in_progress(user, homework: Homework) -> Submission | None:
    return Submission.objects.filter(
        student=user, homework=homework, status=Status.IN_PROGRESS
    ).first()


def start_attempt(user, homework: Homework) -> Submission:
    """The attempt in progress, or a new one if the attempt limit allows.

    Two tabs starting at once end with one attempt: the database allows one in-progress
    submission per student and homework, and the loser of the race gets the winner's.
    """
    if not can_take(user, homework):
        raise PermissionDenied(_("Enrol in the course to do this homework."))
    if existing := _in_progress(user, homework):
        return existing
    if refuses_new_work(homework):
        raise ValidationError(
            _("The due date has passed and this homework does not accept late work."),
            code="closed",
        )
    left = attempts_left(user, homework)
    if left is not None and left <= 0:
        raise ValidationError(_("You have used all your attempts."), code="no_attempts")
    last = (
        Submission.objects.filter(student=user, homework=homework)
        .order_by("-attempt")
        .values_list("attempt", flat=True)
        .first()
    )
    try:
        with transaction.atomic():
            return Submission.objects.create(
                student=user,
                homework=homework,
                attempt=(last or 0) + 1,
                started_at=timezone.now(),
            )
    except IntegrityError:
        if existing := _in_progress(user, homework):
            return existing
        raise ValidationError(
            _("The attempt could not be started; please try again."), code="conflict"
        ) from None


# ---------------------------------------------------------------------------------------------
# Answers and files

# (signature, offset, kind) — the content decides, never the file's name.
SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, "pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "png"),
    (b"\xff\xd8\xff", 0, "jpg"),
    (b"GIF87a", 0, "gif"),
    (b"GIF89a", 0, "gif"),
)


def sniff_file(upload: UploadedFile) -> str | None:
    """The allowed kind of the file by its content (pdf, png, jpg, gif, webp, docx, zip, txt).

    None for anything else (programs, unknown binaries).
    """
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, offset, kind in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        return "docx" if "word/document.xml" in names else "zip"
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt"


def check_file(upload: UploadedFile, question_label: str) -> str:
    """Return the file's real kind, or raise ValidationError naming the question."""
    if upload.size is not None and upload.size > max_upload_size():
        raise ValidationError(
            _("%(question)s: the file is larger than %(size)s MB.")
            % {"question": question_label, "size": max_upload_size() // (1024 * 1024)},
            code="file_too_large",
        )
    kind = sniff_file(upload)
    if kind is None:
        raise ValidationError(
            _(
                "%(question)s: this kind of file is not accepted; upload a PDF, an image "
                "(JPEG, PNG, GIF, WebP), a DOCX, a TXT or a ZIP file."
            )
            % {"question": question_label},
            code="file_type",
        )
    return kind


def _question_label(question: Question, position: int) -> str:
    return str(_("Question %(number)s") % {"number": position})


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def _save_answer(submission: Submission, question: Question, label: str, value: Any) -> None:
    if question.type == QType.FILE:
        if not value:
            return
        kind = check_file(value, label)
        stem = os.path.splitext(os.path.basename(value.name or "answer"))[0] or "answer"
        value.name = f"{stem[:80]}.{kind}"
    answer, _created = Answer.objects.get_or_create(submission=submission, question=question)
    if question.type == QType.TEXT:
        answer.text = str(value or "")
        answer.save(update_fields=["text"])
    elif question.type == QType.NUMBER:
        if value in (None, ""):
            answer.number = None
        else:
            try:
                answer.number = _decimal(value)
            except ValueError:
                raise ValidationError(
                    _("%(question)s: enter a number.") % {"question": label}, code="number"
                ) from None
        answer.save(update_fields=["number"])
    elif question.type in Question.CHOICE_TYPES:
        ids = [] if value in (None, "") else value
        if not isinstance(ids, list | tuple | set):
            ids = [ids]
        try:
            ids = {int(pk) for pk in ids}
        except (TypeError, ValueError):
            raise ValidationError(
                _("%(question)s: choose from the given answers.") % {"question": label}
            ) from None
        if question.type == QType.SINGLE_CHOICE and len(ids) > 1:
            raise ValidationError(_("%(question)s: choose one answer.") % {"question": label})
        choices = list(question.choices.filter(pk__in=ids))
        if len(choices) != len(ids):
            raise ValidationError(
                _("%(question)s: choose from the given answers.") % {"question": label}
            )
        answer.choices.set(choices)
    elif question.type == QType.FILE:
        old = answer.file.name if answer.file else ""
        answer.file.save(value.name, value, save=False)
        answer.save(update_fields=["file"])
        if old:
            storage = answer.file.storage
            transaction.on_commit(lambda: storage.delete(old))


def save_answers(submission: Submission, answers: Mapping[int, Any]) -> None:
    """Store answers by question id while the attempt is in progress.

    Values: text for TEXT, a choice id for SINGLE_CHOICE, choice ids for MULTI_CHOICE, a
    number (or its text) for NUMBER, an uploaded file for FILE. Each answer is saved on its
    own, so one refused answer (a file of the wrong kind, too large) leaves the others
    saved; the refusals are raised together at the end, each naming its question.
    """
    if errors := save_answers_by_question(submission, answers):
        raise ValidationError(list(errors.values()))


def save_answers_by_question(
    submission: Submission, answers: Mapping[int, Any]
) -> dict[int, ValidationError]:
    """save_answers, returning the refusals by question id instead of raising them.

    The site's form shows each refusal next to its question; a closed attempt still raises.
    """
    submission.refresh_from_db(fields=["status"])
    if submission.status != Status.IN_PROGRESS:
        raise ValidationError(_("This attempt is already submitted."), code="closed")
    questions = list(submission.homework.questions.all())
    position = {q.pk: n for n, q in enumerate(questions, start=1)}
    by_id = {q.pk: q for q in questions}
    errors: dict[int, ValidationError] = {}
    for question_id, value in answers.items():
        question = by_id.get(int(question_id))
        if question is None:
            errors[int(question_id)] = ValidationError(
                _("This question is not part of the homework.")
            )
            continue
        try:
            with transaction.atomic():
                _save_answer(
                    submission, question, _question_label(question, position[question.pk]), value
                )
        except ValidationError as error:
            errors[question.pk] = error
    return errors


# ---------------------------------------------------------------------------------------------
# Submitting and auto-grading


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


def is_late(submission: Submission, now: datetime) -> bool:
    homework = submission.homework
    if homework.time_limit_minutes:
        deadline = (
            submission.started_at
            + timedelta(minutes=homework.time_limit_minutes)
            + TIME_LIMIT_GRACE
        )
        if now > deadline:
            return True
    return bool(homework.due_at and now > homework.due_at)


def _after_passed(submission: Submission) -> None:
    homework = submission.homework
    if submission.passed and homework.is_final_test and homework.course_id:
        check_completion(submission.student, homework.course)


class LateSubmissionRefused(ValidationError):
    """The time limit or the due date passed and the homework refuses late work."""


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
            raise ValidationError(_("This attempt is already submitted."), code="closed")
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
        raise LateSubmissionRefused(
            _("Time is up: this homework does not accept late work."), code="late"
        )
    return submission


# ---------------------------------------------------------------------------------------------
# Grading by the teacher


def can_grade(user, homework: Homework) -> bool:
    """Staff, the course's teacher, the homework's owner, the teacher of a group it is given to."""
    if not (user and user.is_authenticated):
        return False
    if is_staff(user) or homework.owner_id == user.pk:
        return True
    course = homework.course
    if course is not None and teaches(user, course):
        return True
    return (
        homework.live_lessons.filter(group__teacher=user).exists()
        or homework.lesson_rules.filter(group__teacher=user).exists()
    )


def manageable_homework(user):
    """Homework the person may edit and grade: all for staff, else their courses' and own."""
    queryset = Homework.objects.select_related("lesson", "course", "owner")
    if is_staff(user):
        return queryset
    if not (user and user.is_authenticated):
        return queryset.none()
    return queryset.filter(
        Q(owner=user)
        | Q(course__teacher=user)
        | Q(course__owner=user)
        | Q(live_lessons__group__teacher=user)
        | Q(lesson_rules__group__teacher=user)
    ).distinct()


def review_queue(user, *, course=None, homework=None, status=None):
    """Submissions waiting for this teacher, oldest first (all teachers' for staff).

    Filters: a course (any translation), a homework, a status (default: needs review).
    """
    statuses = [status] if status else [Status.NEEDS_REVIEW]
    queryset = (
        Submission.objects.filter(status__in=statuses, homework__in=manageable_homework(user))
        .select_related("student", "homework", "homework__course", "homework__lesson")
        .order_by("submitted_at", "pk")
    )
    if course is not None:
        queryset = queryset.filter(homework__course__translation_key=course.translation_key)
    if homework is not None:
        queryset = queryset.filter(homework=homework)
    return queryset


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
        if not can_grade(teacher, homework):
            raise PermissionDenied(_("Only the course's teacher can grade this work."))
        if submission.status not in GRADABLE:
            raise ValidationError(
                _("This attempt has not been submitted yet."), code="not_submitted"
            )
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
                    value = _decimal(points)
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
                str(_question_label(q, n))
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
def save_questions(homework: Homework, items: list[dict]) -> None:
    """Replace the homework's questions with ``items`` (the API's nested write), all or none.

    Items with an ``id`` edit that question (its ``choices`` likewise); the others are new;
    order follows the list. Questions students have answered cannot be removed. The homework
    must then be ready (validate_homework), and questions whose scoring changed are regraded.
    """
    existing = {q.pk: q for q in homework.questions.prefetch_related("choices")}
    before = grading_keys(homework)
    kept: set[int] = set()
    for position, item in enumerate(items, start=1):
        item = dict(item)
        choices = item.pop("choices", None)
        question_id = item.pop("id", None)
        item["order"] = position
        if question_id is None:
            question = Question.objects.create(homework=homework, **item)
        else:
            question = existing.get(question_id)
            if question is None or question_id in kept:
                raise ValidationError(
                    _("Question %(number)s: there is no question %(id)s here.")
                    % {"number": position, "id": question_id}
                )
            for name, value in item.items():
                setattr(question, name, value)
            question.save()
        kept.add(question.pk)
        if question.type not in Question.CHOICE_TYPES:
            question.choices.all().delete()
        elif choices is not None:
            _save_choices(question, choices, position)
    removed = [pk for pk in existing if pk not in kept]
    answered = set(
        Answer.objects.filter(question_id__in=removed).values_list("question_id", flat=True)
    )
    if answered:
        numbers = [str(n) for n, pk in enumerate(existing, start=1) if pk in answered]
        raise ValidationError(
            _(
                "Students have answered question(s) %(numbers)s; keep them in the "
                "list (they can be edited)."
            )
            % {"numbers": ", ".join(numbers)}
        )
    Question.objects.filter(pk__in=removed).delete()
    ensure_valid(homework)
    regrade_changed(homework, before)


def _save_choices(question: Question, items: list[dict], position: int) -> None:
    existing = {choice.pk: choice for choice in question.choices.all()}
    kept: set[int] = set()
    for order, item in enumerate(items, start=1):
        item = dict(item)
        choice_id = item.pop("id", None)
        item["order"] = order
        if choice_id is None:
            choice = Choice.objects.create(question=question, **item)
        else:
            choice = existing.get(choice_id)
            if choice is None or choice_id in kept:
                raise ValidationError(
                    _("Question %(number)s: there is no choice %(id)s here.")
                    % {"number": position, "id": choice_id}
                )
            for name, value in item.items():
                setattr(choice, name, value)
            choice.save()
        kept.add(choice.pk)
    question.choices.exclude(pk__in=kept).delete()


def grading_keys(homework: Homework | int) -> dict[int, tuple]:
    """Per question id, everything its automatic points depend on (compare before and after)."""
    questions = Question.objects.filter(
        homework_id=getattr(homework, "pk", homework)
    ).prefetch_related("choices")
    return {
        question.pk: (
            question.type,
            question.points,
            question.correct_number,
            question.tolerance,
            frozenset(choice.pk for choice in question.choices.all() if choice.is_correct),
        )
        for question in questions
    }


def regrade_changed(homework: Homework | int, before: Mapping[int, tuple]) -> int:
    """After an edit: regrade the questions whose scoring changed since ``before``
    (grading_keys taken before the edit). Returns how many questions had handed-in work."""
    changed = [
        pk for pk, key in grading_keys(homework).items() if pk in before and before[pk] != key
    ]
    return sum(
        1 for question in Question.objects.filter(pk__in=changed) if regrade_question(question)
    )


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


# ---------------------------------------------------------------------------------------------
# The course's final test


def final_tests(course: CoursePage):
    return Homework.objects.filter(
        course__translation_key=course.translation_key, is_final_test=True
    )


def final_test_passed(user, course: CoursePage) -> bool:
    """True when the course has no final test, or the person passed it (any translation)."""
    tests = final_tests(course)
    if not tests.exists():
        return True
    return Submission.objects.filter(student=user, homework__in=tests, passed=True).exists()


# ---------------------------------------------------------------------------------------------
# Notifications


def notify_graded(submission: Submission) -> bool:
    """Tell the student their work is graded (cabinet notice + e-mail), once per grading.

    Nothing is sent for work not graded by a teacher or for a grading already announced;
    the e-mail copy respects the student's settings and leaves after the commit.
    """
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("student", "homework")
            .get(pk=submission.pk)
        )
        if submission.status not in (Status.GRADED, Status.RETURNED) or not submission.graded_at:
            return False
        if submission.notified_at and submission.notified_at >= submission.graded_at:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {"title": submission.homework.title, "grade": submission.grade}
            if submission.status == Status.RETURNED:
                title = str(_("Your work on “%(title)s” is returned for rework") % context)
            else:
                title = str(_("Your work on “%(title)s” is graded") % context)
            body = str(_("Homework: %(title)s\nGrade: %(grade)s%%") % context)
            if submission.teacher_comment:
                body += "\n\n" + submission.teacher_comment
            url = reverse("homework:submission", kwargs={"submission_id": submission.pk})
        notify(
            submission.student,
            "homework",
            title,
            body=body,
            url=url,
            key=f"submission:{submission.pk}:graded:{submission.graded_at.isoformat()}",
        )
        submission.notified_at = timezone.now()
        submission.save(update_fields=["notified_at"])
    return True


# ---------------------------------------------------------------------------------------------
# What the site's pages show (hwsite)


def attempt_deadline(submission: Submission) -> datetime | None:
    """When the attempt's time runs out: the time limit or the due date, whichever is first.

    The countdown on the page counts to this; submit() still judges lateness itself.
    """
    homework = submission.homework
    ends = []
    if homework.time_limit_minutes:
        ends.append(submission.started_at + timedelta(minutes=homework.time_limit_minutes))
    if homework.due_at:
        ends.append(homework.due_at)
    return min(ends) if ends else None


def refuses_new_work(homework: Homework, now: datetime | None = None) -> bool:
    """The due date passed and late work is refused: starting an attempt would be pointless."""
    now = now or timezone.now()
    return bool(
        homework.due_at
        and now > homework.due_at
        and homework.late_policy == Homework.LatePolicy.REFUSE
    )


def can_use_review_queue(user) -> bool:
    """Teachers and staff have a review queue (possibly empty); students do not."""
    if not (user and user.is_authenticated):
        return False
    if is_staff(user) or getattr(user, "role", "") == "teacher":
        return True
    return manageable_homework(user).exists()


# ---------------------------------------------------------------------------------------------
# Adding and deleting homework (hwapi)


def can_add_homework(user, lesson) -> bool:
    """Staff and the lesson's course teacher (or owner) may add homework to the lesson."""
    return is_staff(user) or teaches(user, lesson.course)


@transaction.atomic
def create_homework(
    user, lesson, fields: Mapping[str, Any], questions: list[dict] | None = None
) -> Homework:
    """The course's teacher (or staff) adds a homework with its questions, all or none."""
    if not can_add_homework(user, lesson):
        raise PermissionDenied(_("Only the course's teacher can add homework."))
    homework = Homework.objects.create(lesson=lesson, owner=user, **fields)
    save_questions(homework, questions or [])
    return homework


@transaction.atomic
def update_homework(
    user, homework: Homework, fields: Mapping[str, Any], questions: list[dict] | None = None
) -> Homework:
    """Change the homework (and, given ``questions``, its whole list), all or none."""
    if not can_grade(user, homework):
        raise PermissionDenied(_("Only the course's teacher can change this homework."))
    for name, value in fields.items():
        setattr(homework, name, value)
    homework.save()
    if questions is not None:
        save_questions(homework, questions)
    return homework


def delete_homework(user, homework: Homework) -> None:
    """The homework's teacher deletes it, unless students have handed work in.

    Deleting would take the students' answers and grades with it, so a homework with
    submitted work stays (attempts still in progress go with it).
    """
    if not can_grade(user, homework):
        raise PermissionDenied(_("Only the course's teacher can delete this homework."))
    with transaction.atomic():
        if homework.submissions.exclude(status=Status.IN_PROGRESS).exists():
            raise ValidationError(
                _("Students have handed in work for this homework; it cannot be deleted."),
                code="has_submissions",
            )
        homework.delete()


def lesson_homework(user, lesson):
    """The lesson's homework this person may open (can_view_homework, as one query).

    Everything for people with access to the whole course (staff, its teacher, enrolled
    students); otherwise what they own, teach to a group, or were given through a group.
    """
    from courses.services import has_course_access

    homework = Homework.objects.filter(lesson=lesson)
    if has_course_access(user, lesson.course):
        return homework
    if not (user and user.is_authenticated):
        return homework.none()
    given = (
        Q(owner=user)
        | Q(live_lessons__group__teacher=user)
        | Q(lesson_rules__group__teacher=user)
        | Q(live_lessons__group__memberships__student=user)
        | Q(lesson_rules__group__memberships__student=user)
    )
    return homework.filter(pk__in=Homework.objects.filter(given).values("pk"))
