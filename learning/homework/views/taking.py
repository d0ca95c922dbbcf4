"""The homework page, starting, taking, submitting and discarding an attempt, and the
teacher's preview. The services decide and refuse (core.errors); these pages show it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError

from .. import permissions, services
from ..errors import AttemptClosed
from ..forms import AttemptForm, build_rows, description_html
from ..models import Submission
from .loading import (
    admin_edit_url,
    answers_of,
    error_text,
    homework_or_404,
    page_url,
    questions_of,
    rows_of,
    submission_url,
)

Status = Submission.Status


@require_GET
@login_required
def homework_detail(request: HttpRequest, homework_id: int) -> HttpResponse:
    user = request.user
    homework = homework_or_404(homework_id)
    if not permissions.can_view_homework(user, homework):
        raise Http404
    taker = permissions.can_take(user, homework)
    grader = permissions.can_grade(user, homework)
    totals = homework.questions.aggregate(count=Count("pk"), points=Sum("points"))
    attempts: list[Submission] = []
    in_progress = None
    left = None
    if taker:
        attempts = list(
            Submission.objects.filter(student=user, homework=homework).order_by("attempt")
        )
        in_progress = next((s for s in attempts if s.status == Status.IN_PROGRESS), None)
        left = services.attempts_left(user, homework)
    closed = services.refuses_new_work(homework)
    blocked_reason = ""
    if taker and in_progress is None:
        if not totals["count"]:
            blocked_reason = _("The teacher has not added questions yet.")
        elif left is not None and left <= 0:
            blocked_reason = _("You have used all your attempts.")
        elif closed:
            blocked_reason = _(
                "The due date has passed and this homework does not accept late work."
            )
    context = {
        "homework": homework,
        "description": description_html(homework.description),
        "lesson_url": page_url(homework.lesson, request),
        "course_url": page_url(homework.course, request),
        "question_count": totals["count"],
        "total_points": totals["points"],
        "can_take": taker,
        "can_grade": grader,
        "attempts": attempts,
        "in_progress": in_progress,
        "attempts_left": left,
        "can_start": taker and (in_progress is not None or not blocked_reason),
        "blocked_reason": blocked_reason,
        "is_overdue": bool(homework.due_at and homework.due_at < timezone.now()),
    }
    if grader:
        context["waiting"] = homework.submissions.filter(status=Status.NEEDS_REVIEW).count()
        context["admin_edit_url"] = admin_edit_url(user, homework)
    return render(request, "homework/homework_detail.html", context)


@require_POST
@login_required
def start(request: HttpRequest, homework_id: int) -> HttpResponse:
    """Start an attempt or continue the one in progress (the service decides which)."""
    homework = homework_or_404(homework_id)
    if not permissions.can_view_homework(request.user, homework):
        raise Http404
    try:
        submission = services.start_attempt(request.user, homework)
    except DomainError as error:  # not allowed, closed, no attempts left
        messages.error(request, error_text(error))
        return redirect("homework:detail", homework_id=homework.pk)
    return redirect("homework:take", submission_id=submission.pk)


def _own_submission(request: HttpRequest, submission_id: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("homework__lesson", "homework__course"),
        pk=submission_id,
        student=request.user,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def take(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The attempt's form: "Save" keeps the answers, "Submit" hands the attempt in."""
    submission = _own_submission(request, submission_id)
    if submission.status != Status.IN_PROGRESS:
        return redirect(submission_url(submission))
    homework = submission.homework
    # Access can end mid-attempt (an enrollment expires); the error page says why.
    permissions.require_take(request.user, homework)
    rows = rows_of(submission)
    if request.method == "POST":
        form = AttemptForm(rows, request.POST, request.FILES)
        form.is_valid()  # fields with errors are left out; the rest are saved below
        try:
            refused = services.save_answers_by_question(submission, form.answers())
        except AttemptClosed as error:  # handed in meanwhile (another tab)
            messages.error(request, error_text(error))
            return redirect(submission_url(submission))
        for question_id, error in refused.items():
            form.add_error(f"q_{question_id}", error)
        if form.errors:
            # Show the files and answers as they are now stored next to the refusals.
            answers = answers_of(submission)
            for row in rows:
                row.answer = answers.get(row.question.pk)
            messages.error(
                request,
                _(
                    "Some answers were not accepted: see the messages next to the questions. "
                    "The other answers are saved."
                ),
            )
        elif request.POST.get("action") == "submit":
            return _submit(request, submission)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect("homework:take", submission_id=submission.pk)
    else:
        form = AttemptForm(rows)
    deadline = services.attempt_deadline(submission)
    seconds_left = None
    if deadline is not None:
        seconds_left = max(0, int((deadline - timezone.now()).total_seconds()))
    return render(
        request,
        "homework/take.html",
        {
            "homework": homework,
            "submission": submission,
            "form": form,
            "rows": rows,
            "deadline": deadline,
            "seconds_left": seconds_left,
            "time_left": _clock(seconds_left),
            "max_upload_mb": services.max_upload_size() // (1024 * 1024),
        },
    )


def _clock(seconds: int | None) -> str:
    """1:05:09 or 5:09 — what the countdown shows before its script takes over."""
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _submit(request: HttpRequest, submission: Submission) -> HttpResponse:
    try:
        submission = services.submit(submission)
    except DomainError as error:  # late work refused, already handed in
        messages.error(request, error_text(error))
        return redirect(submission_url(submission))
    if submission.status == Status.NEEDS_REVIEW:
        messages.success(request, _("Your work is handed in. The teacher will grade it."))
    else:
        messages.success(request, _("Your work is handed in and graded."))
    return redirect(submission_url(submission))


@require_POST
@login_required
def discard(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _own_submission(request, submission_id)
    try:
        services.discard_attempt(request.user, submission)
    except DomainError as error:  # not theirs, already handed in
        messages.error(request, error_text(error))
        return redirect(submission_url(submission))
    messages.success(request, _("The attempt is discarded."))
    return redirect("homework:detail", homework_id=submission.homework_id)


@require_GET
@login_required
def preview(request: HttpRequest, homework_id: int) -> HttpResponse:
    """The form as students see it, read-only; nothing is created."""
    homework = homework_or_404(homework_id)
    if not permissions.can_grade(request.user, homework):
        raise Http404
    rows = build_rows(questions_of(homework), {})
    form = AttemptForm(rows, read_only=True)
    return render(
        request,
        "homework/preview.html",
        {
            "homework": homework,
            "form": form,
            "rows": rows,
            "max_upload_mb": services.max_upload_size() // (1024 * 1024),
        },
    )
