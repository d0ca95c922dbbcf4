"""Homework pages on the site: the homework, taking an attempt, the result, the teacher's
preview, review queue and grading screen. The rules are in services.py; these views only
ask it and show the answers.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder

from . import services
from .forms import AttemptForm, GradeForm, Row, build_rows, description_html
from .models import Answer, Choice, Homework, Question, Submission

Status = Submission.Status
QUEUE_PAGE_SIZE = 25
# Statuses a teacher can filter the queue by (an attempt in progress is nobody's to review).
QUEUE_STATUSES = [choice for choice in Status.choices if choice[0] != Status.IN_PROGRESS]


# ---------------------------------------------------------------------------------------------
# Loading


def _homework_or_404(homework_id: int) -> Homework:
    return get_object_or_404(
        Homework.objects.select_related("lesson", "course", "owner"), pk=homework_id
    )


def _questions(homework: Homework) -> list[Question]:
    return list(
        homework.questions.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
        )
    )


def _answers(submission: Submission) -> dict[int, Answer]:
    return {
        answer.question_id: answer
        for answer in Answer.objects.filter(submission=submission).prefetch_related("choices")
    }


def _rows(submission: Submission) -> list[Row]:
    return build_rows(_questions(submission.homework), _answers(submission))


def _page_url(page, request: HttpRequest) -> str | None:
    """A live page's URL, or None for a draft (no link to a page nobody can open)."""
    if page is None or not page.live:
        return None
    return page.get_url(request)


def _admin_edit_url(user, homework: Homework) -> str | None:
    """The admin's edit screen for the homework, when one is registered and the user may use it."""
    if not user.has_perm("wagtailadmin.access_admin"):
        return None
    return AdminURLFinder(user).get_edit_url(homework)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _submission_url(submission: Submission) -> str:
    return reverse("homework:submission", kwargs={"submission_id": submission.pk})


# ---------------------------------------------------------------------------------------------
# The homework page, starting, taking and discarding an attempt


@require_GET
def homework_detail(request: HttpRequest, homework_id: int) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    homework = _homework_or_404(homework_id)
    if not services.can_view_homework(user, homework):
        raise Http404
    taker = services.can_take(user, homework)
    grader = services.can_grade(user, homework)
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
        "lesson_url": _page_url(homework.lesson, request),
        "course_url": _page_url(homework.course, request),
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
        context["admin_edit_url"] = _admin_edit_url(user, homework)
    return render(request, "homework/homework_detail.html", context)


@require_POST
@login_required
def start(request: HttpRequest, homework_id: int) -> HttpResponse:
    """Start an attempt or continue the one in progress (the service decides which)."""
    homework = _homework_or_404(homework_id)
    if not services.can_view_homework(request.user, homework):
        raise Http404
    detail = reverse("homework:detail", kwargs={"homework_id": homework.pk})
    in_progress = Submission.objects.filter(
        student=request.user, homework=homework, status=Status.IN_PROGRESS
    ).exists()
    if not in_progress and services.refuses_new_work(homework):
        messages.error(
            request, _("The due date has passed and this homework does not accept late work.")
        )
        return redirect(detail)
    try:
        submission = services.start_attempt(request.user, homework)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You cannot take this homework."))
        return redirect(detail)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(detail)
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
        return redirect(_submission_url(submission))
    homework = submission.homework
    if not services.can_take(request.user, homework):
        raise PermissionDenied(_("Enrol in the course to do this homework."))
    rows = _rows(submission)
    if request.method == "POST":
        form = AttemptForm(rows, request.POST, request.FILES)
        form.is_valid()  # fields with errors are left out; the rest are saved below
        try:
            refused = services.save_answers_by_question(submission, form.answers())
        except ValidationError as error:  # handed in meanwhile (another tab)
            messages.error(request, _error_text(error))
            return redirect(_submission_url(submission))
        for question_id, error in refused.items():
            form.add_error(f"q_{question_id}", error)
        if form.errors:
            # Show the files and answers as they are now stored next to the refusals.
            answers = _answers(submission)
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
    except services.LateSubmissionRefused as error:
        messages.error(request, _error_text(error))
        return redirect(_submission_url(submission))
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_submission_url(submission))
    if submission.status == Status.NEEDS_REVIEW:
        messages.success(request, _("Your work is handed in. The teacher will grade it."))
    else:
        messages.success(request, _("Your work is handed in and graded."))
    return redirect(_submission_url(submission))


@require_POST
@login_required
def discard(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = _own_submission(request, submission_id)
    try:
        services.discard_attempt(request.user, submission)
    except (PermissionDenied, ValidationError) as error:
        messages.error(
            request, _error_text(error) if isinstance(error, ValidationError) else str(error)
        )
        return redirect(_submission_url(submission))
    messages.success(request, _("The attempt is discarded."))
    return redirect("homework:detail", homework_id=submission.homework_id)


@require_GET
def preview(request: HttpRequest, homework_id: int) -> HttpResponse:
    """The form as students see it, read-only; nothing is created."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    homework = _homework_or_404(homework_id)
    if not services.can_grade(request.user, homework):
        raise Http404
    rows = build_rows(_questions(homework), {})
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


# ---------------------------------------------------------------------------------------------
# The result


@require_GET
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = get_object_or_404(
        Submission.objects.select_related(
            "student", "graded_by", "homework__lesson", "homework__course"
        ),
        pk=submission_id,
    )
    if not services.can_view_submission(user, submission):
        raise Http404
    homework = submission.homework
    grader = services.can_grade(user, homework)
    handed_in = submission.status != Status.IN_PROGRESS
    rows = _rows(submission)
    return render(
        request,
        "homework/submission_detail.html",
        {
            "submission": submission,
            "homework": homework,
            "rows": rows,
            "total_points": sum(row.question.points for row in rows),
            "is_owner": submission.student_id == user.pk,
            "can_grade": grader and submission.status in services.GRADABLE,
            "is_grader": grader,
            "handed_in": handed_in,
            # Students see the key only if the teacher allows it; teachers always may.
            "show_correct": handed_in and (homework.show_correct_answers or grader),
            "lesson_url": _page_url(homework.lesson, request),
        },
    )


@require_GET
@login_required
def answer_file(request: HttpRequest, answer_id: int) -> HttpResponse:
    """A file handed in as an answer, for those who may see the submission (never public)."""
    answer = get_object_or_404(Answer.objects.select_related("submission__homework"), pk=answer_id)
    if not answer.file or not services.can_view_submission(request.user, answer.submission):
        raise Http404
    try:
        handle = answer.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Always a download: nothing a student uploads is shown inline on the site's origin.
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(answer.file.name))


# ---------------------------------------------------------------------------------------------
# The teacher's review queue and grading screen


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_use_review_queue(user):
        raise PermissionDenied(_("The review queue is for teachers."))
    homework_list = list(services.manageable_homework(user).order_by("title", "pk"))
    courses = {hw.course.pk: hw.course for hw in homework_list if hw.course is not None}
    course = _pick(courses, request.GET.get("course"))
    homework = _pick({hw.pk: hw for hw in homework_list}, request.GET.get("homework"))
    status = request.GET.get("status") or ""
    if status not in {value for value, _label in QUEUE_STATUSES}:
        status = ""
    queue = services.review_queue(user, course=course, homework=homework, status=status or None)
    page_obj = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {
        key: value
        for key, value in (
            ("course", course.pk if course else ""),
            ("homework", homework.pk if homework else ""),
            ("status", status),
        )
        if value
    }
    return render(
        request,
        "homework/review_queue.html",
        {
            "page_obj": page_obj,
            "courses": sorted(courses.values(), key=lambda c: c.title),
            "homework_list": homework_list,
            "statuses": QUEUE_STATUSES,
            "selected_course": course.pk if course else None,
            "selected_homework": homework.pk if homework else None,
            "selected_status": status or Status.NEEDS_REVIEW,
            "query_string": urlencode(filters),
            "here": request.get_full_path(),
        },
    )


def _pick(objects: dict, raw: str | None):
    try:
        return objects.get(int(raw)) if raw else None
    except (TypeError, ValueError):
        return None


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("homework:review-queue")


@never_cache
@require_http_methods(["GET", "POST"])
def grade_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    submission = get_object_or_404(
        Submission.objects.select_related(
            "student", "graded_by", "homework__lesson", "homework__course"
        ),
        pk=submission_id,
    )
    homework = submission.homework
    if not services.can_grade(user, homework):
        if services.can_view_submission(user, submission):
            raise PermissionDenied(_("Only the course's teacher can grade this work."))
        raise Http404
    rows = _rows(submission)
    ready = submission.status in services.GRADABLE
    form = GradeForm(
        rows,
        request.POST if request.method == "POST" else None,
        comment=submission.teacher_comment,
        initial={"next": request.GET.get("next", "")},
    )
    if request.method == "POST" and ready and form.is_valid():
        rework = request.POST.get("action") == "return"
        try:
            services.grade(
                submission,
                user,
                form.per_answer(),
                comment=form.cleaned_data["comment"],
                return_for_rework=rework,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if rework:
                messages.success(
                    request, _("The work is returned for rework; the student is notified.")
                )
            else:
                messages.success(request, _("The grade is saved; the student is notified."))
            return redirect(_safe_next(request, form.cleaned_data.get("next")))
    return render(
        request,
        "homework/grade.html",
        {
            "submission": submission,
            "homework": homework,
            "rows": rows,
            "form": form,
            "ready": ready,
            "back_url": _safe_next(request, request.POST.get("next") or request.GET.get("next")),
        },
    )
