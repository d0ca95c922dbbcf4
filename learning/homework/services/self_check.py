"""Self-check tests: a community material's test (the materials app builds the material).

The builder is the homework's own (``save_questions``, ``validate_homework``); what differs is
who takes it (anyone signed in, while its material is published: ``is_open``) and that it is
graded by the machine alone, so only choice and number questions are allowed. Attempts are
unlimited and the correct answers are shown after each one: it is for learning, not marks.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.permissions import require

from .. import signals
from ..models import Homework, Question
from .building import save_questions

SELF_CHECK_DEFAULTS = {
    "kind": Homework.Kind.TEST,
    "max_attempts": 0,
    "show_correct_answers": True,
    "late_policy": Homework.LatePolicy.ACCEPT,
}


def _check_auto_graded(questions: list[dict]) -> None:
    manual = [
        str(number)
        for number, item in enumerate(questions, start=1)
        if item.get("type", Question.Type.TEXT) not in Question.AUTO_TYPES
    ]
    if manual:
        raise ValidationError(
            _(
                "A self-check test is graded automatically: question(s) %(numbers)s must be "
                "single choice, multiple choice or a number."
            )
            % {"numbers": ", ".join(manual)}
        )


@transaction.atomic
def create_self_check(owner, title: str, questions: list[dict]) -> Homework:
    """A closed self-check test with its questions (opened when its material is published)."""
    require(bool(owner and owner.is_authenticated), _("Sign in to build a test."))
    _check_auto_graded(questions)
    homework = Homework.objects.create(
        title=title[:255], owner=owner, is_self_check=True, is_open=False, **SELF_CHECK_DEFAULTS
    )
    save_questions(homework, questions)
    return homework


@transaction.atomic
def replace_self_check_questions(owner, homework: Homework, questions: list[dict]) -> None:
    """The author rewrites the questions (answers already given keep theirs: the builder's
    own rule refuses to drop answered questions)."""
    require(
        homework.is_self_check and homework.owner_id == getattr(owner, "pk", None),
        _("Only its author changes this test."),
    )
    _check_auto_graded(questions)
    save_questions(homework, questions)


def set_self_check_open(homework: Homework, is_open: bool) -> None:
    """Open the test to every member (its material published) or close it again."""
    if homework.is_self_check and homework.is_open != is_open:
        Homework.objects.filter(pk=homework.pk).update(is_open=is_open)
        homework.is_open = is_open
        signals.homework_changed()  # an update() sends no signal: what keeps homework must know
