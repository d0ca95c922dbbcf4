"""Site forms for homework: taking an attempt and grading one, and safe question text."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.forms import BoundField
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, allow_without_attributes

from .models import Answer, Question

QType = Question.Type

# Elements dropped together with their content: their text is code, not part of the question.
DROPPED_ELEMENTS = frozenset({"script", "style", "iframe", "object", "template", "noscript"})


class QuestionWhitelister(Whitelister):
    """Wagtail's whitelist (no attributes but safe href/src) plus a few text elements."""

    element_rules = {
        **DEFAULT_ELEMENT_RULES,
        "blockquote": allow_without_attributes,
        "code": allow_without_attributes,
        "pre": allow_without_attributes,
        "s": allow_without_attributes,
        "u": allow_without_attributes,
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_ELEMENTS:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


_whitelister = QuestionWhitelister()


def safe_html(text: str) -> SafeString:
    """Teacher-written HTML made safe to show: links expanded, then whitelisted.

    Whitelisting comes last, so nothing the rich-text expansion produces escapes it.
    """
    try:
        html = expand_db_html(text or "")
    except (ValueError, TypeError, ObjectDoesNotExist):
        # A malformed internal link (id="abc"): show the text without expanding links.
        html = text or ""
    return mark_safe(_whitelister.clean(html))  # noqa: S308 — whitelisted just above


HTML_HINT = re.compile(r"<(p|br|ul|ol|li|b|strong|em|i|a|h[1-6]|div|img|pre|code)\b", re.I)


def description_html(text: str) -> SafeString:
    """A homework's description: HTML from a rich-text editor is whitelisted, plain text
    keeps its paragraphs and line breaks (and is escaped)."""
    if HTML_HINT.search(text or ""):
        return safe_html(text)
    return mark_safe(linebreaks(text or "", autoescape=True))  # noqa: S308 — escaped by linebreaks


def number_text(value: Decimal | None) -> str:
    """10.500000 → "10.5", 10.000000 → "10" (Decimal.normalize alone gives "1E+1")."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def field_name(question: Question) -> str:
    return f"q_{question.pk}"


@dataclass
class Row:
    """One question on a page: its number, safe text, the student's answer and form fields."""

    number: int
    question: Question
    text: SafeString
    answer: Answer | None
    field: BoundField | None = None
    points_field: BoundField | None = None
    feedback_field: BoundField | None = None

    @property
    def chosen_ids(self) -> set[int]:
        if self.answer is None:
            return set()
        return {choice.pk for choice in self.answer.choices.all()}

    @property
    def choices(self) -> list[dict[str, Any]]:
        chosen = self.chosen_ids
        return [
            {"choice": choice, "chosen": choice.pk in chosen, "correct": choice.is_correct}
            for choice in self.question.choices.all()
        ]

    @property
    def number_answer(self) -> str:
        return number_text(self.answer.number if self.answer else None)

    @property
    def correct_number(self) -> str:
        return number_text(self.question.correct_number)

    @property
    def tolerance(self) -> str:
        return number_text(self.question.tolerance) if self.question.tolerance else ""

    @property
    def file_name(self) -> str:
        if self.answer is None or not self.answer.file:
            return ""
        return os.path.basename(self.answer.file.name)

    @property
    def has_answer(self) -> bool:
        answer = self.answer
        if answer is None:
            return False
        kind = self.question.type
        if kind == QType.TEXT:
            return bool(answer.text.strip())
        if kind == QType.NUMBER:
            return answer.number is not None
        if kind == QType.FILE:
            return bool(answer.file)
        return bool(self.chosen_ids)


def build_rows(questions: Iterable[Question], answers: Mapping[int, Answer]) -> list[Row]:
    """Questions (with their choices prefetched) and answers by question id, in order."""
    return [
        Row(number, question, safe_html(question.text), answers.get(question.pk))
        for number, question in enumerate(questions, start=1)
    ]


class AttemptForm(forms.Form):
    """One field per question; the rules (files by content, numbers, choices) are in services."""

    def __init__(
        self,
        rows: list[Row],
        *args,
        read_only: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            name = field_name(row.question)
            self.fields[name] = self._field(row)
            self.fields[name].disabled = read_only
        for row in rows:
            row.field = self[field_name(row.question)]

    def _field(self, row: Row) -> forms.Field:
        question, answer = row.question, row.answer
        kind = question.type
        describedby = {"aria-describedby": f"question-{question.pk}-text"}
        if kind in Question.CHOICE_TYPES:
            choices = [(str(c.pk), c.text) for c in question.choices.all()]
            chosen = [str(pk) for pk in row.chosen_ids]
            if kind == QType.SINGLE_CHOICE:
                return forms.ChoiceField(
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect(attrs=describedby),
                    initial=chosen[0] if chosen else None,
                )
            return forms.MultipleChoiceField(
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs=describedby),
                initial=chosen,
            )
        if kind == QType.NUMBER:
            # Text, not <input type=number>: the service accepts "3,5" as well as "3.5".
            return forms.CharField(
                required=False,
                max_length=40,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", **describedby}
                ),
                initial=row.number_answer,
            )
        if kind == QType.FILE:
            return forms.FileField(
                required=False,
                widget=forms.FileInput(
                    attrs={
                        "accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.txt,.zip",
                        **describedby,
                    }
                ),
            )
        return forms.CharField(
            required=False,
            max_length=20000,
            widget=forms.Textarea(attrs={"rows": 6, **describedby}),
            initial=answer.text if answer else "",
        )

    def answers(self) -> dict[int, Any]:
        """Values of the fields that passed the form's own checks, by question id.

        Fields with errors are left out, so the others can be saved anyway.
        """
        values: dict[int, Any] = {}
        for row in self.rows:
            name = field_name(row.question)
            if name in self.errors or name not in self.cleaned_data:
                continue
            value = self.cleaned_data[name]
            if row.question.type == QType.FILE and not value:
                continue  # no new file: the one already handed in stays
            values[row.question.pk] = value
        return values


class GradeForm(forms.Form):
    """Points and feedback per question and an overall comment."""

    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, rows: list[Row], *args, comment: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["comment"].initial = comment
        for row in rows:
            question, answer = row.question, row.answer
            self.fields[f"points_{question.pk}"] = forms.DecimalField(
                label=_("Points"),
                required=False,
                min_value=Decimal("0"),
                max_value=question.points,
                decimal_places=2,
                max_digits=6,
                initial=answer.points if answer else None,
                widget=forms.NumberInput(attrs={"step": "0.01", "class": "points-input"}),
            )
            self.fields[f"feedback_{question.pk}"] = forms.CharField(
                label=_("Feedback"),
                required=False,
                max_length=5000,
                initial=answer.feedback if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for row in rows:
            row.points_field = self[f"points_{row.question.pk}"]
            row.feedback_field = self[f"feedback_{row.question.pk}"]

    def per_answer(self) -> dict[int, tuple[Decimal | None, str]]:
        return {
            row.question.pk: (
                self.cleaned_data.get(f"points_{row.question.pk}"),
                self.cleaned_data.get(f"feedback_{row.question.pk}") or "",
            )
            for row in self.rows
        }
