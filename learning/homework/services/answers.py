"""Answers and files while an attempt is in progress: each answer checked and stored on its
own; files are judged by their content, never their name."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..app_settings import app_settings
from ..errors import AttemptClosed
from ..models import Answer, Question, Submission

Status = Submission.Status
QType = Question.Type


def max_upload_size() -> int:
    return app_settings.HOMEWORK_MAX_UPLOAD_SIZE


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


def question_label(question: Question, position: int) -> str:
    """How messages name a question: by its number in the homework."""
    return str(_("Question %(number)s") % {"number": position})


def parse_decimal(value: Any) -> Decimal:
    """A finite number from what a person typed ("9,8" too); ValueError otherwise."""
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
                answer.number = parse_decimal(value)
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
        raise AttemptClosed()
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
                    submission, question, question_label(question, position[question.pk]), value
                )
        except ValidationError as error:
            errors[question.pk] = error
    return errors
