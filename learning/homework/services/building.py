"""Building a homework: checking it is ready, the nested write of its questions and choices,
adding, changing and deleting it, and regrading when an edit changes how it is graded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from ..errors import HasSubmissions
from ..models import Answer, Choice, Homework, Question, Submission
from ..permissions import require_add, require_change, require_delete
from .grading import regrade_question

Status = Submission.Status
QType = Question.Type
M = TypeVar("M", bound=models.Model)


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


@transaction.atomic
def save_questions(homework: Homework, items: list[dict]) -> None:
    """Replace the homework's questions with ``items`` (the API's nested write), all or none.

    Items with an ``id`` edit that question (its ``choices`` likewise); the others are new;
    order follows the list. Questions students have answered cannot be removed. The homework
    must then be ready (validate_homework), and questions whose scoring changed are regraded.
    """
    existing = {q.pk: q for q in homework.questions.prefetch_related("choices")}
    before = grading_keys(homework)
    items = [dict(item) for item in items]
    choice_lists = [item.pop("choices", None) for item in items]
    questions = _write_ordered(
        existing,
        items,
        create=lambda fields: Question.objects.create(homework=homework, **fields),
        unknown=lambda number, pk: (
            _("Question %(number)s: there is no question %(id)s here.")
            % {"number": number, "id": pk}
        ),
    )
    for position, (question, choices) in enumerate(
        zip(questions, choice_lists, strict=True), start=1
    ):
        if question.type not in Question.CHOICE_TYPES:
            question.choices.all().delete()
        elif choices is not None:
            _save_choices(question, choices, position)
    kept = {question.pk for question in questions}
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
    kept = _write_ordered(
        {choice.pk: choice for choice in question.choices.all()},
        [dict(item) for item in items],
        create=lambda fields: Choice.objects.create(question=question, **fields),
        unknown=lambda _number, pk: (
            _("Question %(number)s: there is no choice %(id)s here.")
            % {"number": position, "id": pk}
        ),
    )
    question.choices.exclude(pk__in=[choice.pk for choice in kept]).delete()


def _write_ordered(
    existing: Mapping[int, M],
    items: list[dict],
    *,
    create: Callable[[dict], M],
    unknown: Callable[[int, int], Any],
) -> list[M]:
    """The nested update-or-create of questions and of their choices, in the list's order.

    An item with an ``id`` edits that object (each at most once), one without is created;
    ``order`` is the position. ``unknown(position, id)`` words the refusal of an id that is
    not among ``existing``. Returns the objects written, in order.
    """
    written: list[M] = []
    seen: set[int] = set()
    for position, item in enumerate(items, start=1):
        pk = item.pop("id", None)
        item["order"] = position
        if pk is None:
            obj = create(item)
        else:
            obj = existing.get(pk)
            if obj is None or pk in seen:
                raise ValidationError(unknown(position, pk))
            for name, value in item.items():
                setattr(obj, name, value)
            obj.save()
        seen.add(obj.pk)
        written.append(obj)
    return written


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
def create_homework(
    user, lesson, fields: Mapping[str, Any], questions: list[dict] | None = None
) -> Homework:
    """The course's teacher (or staff) adds a homework with its questions, all or none."""
    require_add(user, lesson)
    homework = Homework.objects.create(lesson=lesson, owner=user, **fields)
    save_questions(homework, questions or [])
    return homework


@transaction.atomic
def update_homework(
    user, homework: Homework, fields: Mapping[str, Any], questions: list[dict] | None = None
) -> Homework:
    """Change the homework (and, given ``questions``, its whole list), all or none."""
    require_change(user, homework)
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
    require_delete(user, homework)
    with transaction.atomic():
        if homework.submissions.exclude(status=Status.IN_PROGRESS).exists():
            raise HasSubmissions()
        homework.delete()
