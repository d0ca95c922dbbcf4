"""What the homework pages load and link to, shared by the views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder

from core.errors import DomainError

from ..forms import Row, build_rows
from ..models import Answer, Choice, Homework, Question, Submission


def homework_or_404(homework_id: int) -> Homework:
    return get_object_or_404(
        Homework.objects.select_related("lesson", "course", "owner"), pk=homework_id
    )


def questions_of(homework: Homework) -> list[Question]:
    return list(
        homework.questions.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
        )
    )


def answers_of(submission: Submission) -> dict[int, Answer]:
    return {
        answer.question_id: answer
        for answer in Answer.objects.filter(submission=submission).prefetch_related("choices")
    }


def rows_of(submission: Submission) -> list[Row]:
    return build_rows(questions_of(submission.homework), answers_of(submission))


def page_url(page, request: HttpRequest) -> str | None:
    """A live page's URL, or None for a draft (no link to a page nobody can open)."""
    if page is None or not page.live:
        return None
    return page.get_url(request)


def admin_edit_url(user, homework: Homework) -> str | None:
    """The admin's edit screen for the homework, when one is registered and the user may use it."""
    if not user.has_perm("wagtailadmin.access_admin"):
        return None
    return AdminURLFinder(user).get_edit_url(homework)


def error_text(error: ValidationError | DomainError) -> str:
    return " ".join(str(message) for message in error.messages)


def submission_url(submission: Submission) -> str:
    return reverse("homework:submission", kwargs={"submission_id": submission.pk})
