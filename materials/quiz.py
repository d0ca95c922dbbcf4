"""A self-check test written as plain text, the cabinet's test builder.

    ? What does print(2 + 2) show?
    * 4
    - 22

    ? Which of these are prime?
    * 2
    * 3
    - 4

    ? How many bits are in a byte?
    = 8

"?" starts a question (more lines without a mark continue it), "*" a correct choice, "-" a
wrong one, "=" the number that answers it. One correct choice makes a single-choice
question, more a multiple-choice one. Every question is worth one point. The text becomes
the homework builder's nested items (``learning.homework.services.save_questions``), which
checks the rest (a correct choice, a single correct one where it must be).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

MAX_CHOICE_LENGTH = 500


class QuizSyntaxError(ValueError):
    pass


@dataclass
class _Draft:
    line: int
    text: list[str] = field(default_factory=list)
    choices: list[tuple[str, bool]] = field(default_factory=list)
    number: Decimal | None = None


def _item(draft: _Draft) -> dict:
    text = " ".join(draft.text).strip()
    if not text:
        raise QuizSyntaxError(_("Line %(line)s: the question has no text.") % {"line": draft.line})
    if draft.number is not None:
        if draft.choices:
            raise QuizSyntaxError(
                _("Line %(line)s: a question has either choices or a number, not both.")
                % {"line": draft.line}
            )
        return {"text": escape(text), "type": "number", "correct_number": draft.number}
    if len(draft.choices) < 2:
        raise QuizSyntaxError(
            _("Line %(line)s: give the question at least two choices, or a number with “=”.")
            % {"line": draft.line}
        )
    correct = sum(1 for _text, is_correct in draft.choices if is_correct)
    return {
        "text": escape(text),
        "type": "single" if correct <= 1 else "multi",
        "choices": [
            {"text": choice, "is_correct": is_correct} for choice, is_correct in draft.choices
        ],
    }


def parse(source: str, *, max_questions: int) -> list[dict]:
    """The builder's items for ``source``; ``QuizSyntaxError`` names the line at fault."""
    drafts: list[_Draft] = []
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        mark, rest = line[0], line[1:].strip()
        if mark == "?":
            drafts.append(_Draft(line=number, text=[rest]))
            continue
        if not drafts:
            raise QuizSyntaxError(
                _("Line %(line)s: start the test with a question (a line beginning with “?”).")
                % {"line": number}
            )
        draft = drafts[-1]
        if mark in "*-":
            if not rest:
                raise QuizSyntaxError(_("Line %(line)s: the choice is empty.") % {"line": number})
            if len(rest) > MAX_CHOICE_LENGTH:
                raise QuizSyntaxError(
                    _("Line %(line)s: a choice has at most %(max)s characters.")
                    % {"line": number, "max": MAX_CHOICE_LENGTH}
                )
            draft.choices.append((rest, mark == "*"))
        elif mark == "=":
            try:
                value = Decimal(rest.replace(",", "."))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or abs(value) >= Decimal(10) ** 12:
                raise QuizSyntaxError(
                    _("Line %(line)s: “%(value)s” is not a number.")
                    % {"line": number, "value": rest}
                )
            draft.number = value
        elif draft.choices or draft.number is not None:
            raise QuizSyntaxError(
                _("Line %(line)s: begin it with “?”, “*”, “-” or “=”.") % {"line": number}
            )
        else:
            draft.text.append(line)
    if not drafts:
        raise QuizSyntaxError(_("Write at least one question."))
    if len(drafts) > max_questions:
        raise QuizSyntaxError(_("A test has at most %(max)s questions.") % {"max": max_questions})
    return [_item(draft) for draft in drafts]


def as_text(questions) -> str:
    """A saved test's questions written back in the same syntax (the edit form's start)."""
    blocks = []
    for question in questions:
        lines = [f"? {unescape(strip_tags(question.text))}"]
        if question.type == "number":
            lines.append(f"= {question.correct_number.normalize():f}")
        else:
            lines += [
                f"{'*' if choice.is_correct else '-'} {choice.text}"
                for choice in question.choices.all()
            ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
