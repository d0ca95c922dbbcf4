"""The teacher's review queue and grading screen."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError
from core.urls import safe_next

from .. import permissions, services
from ..forms import GradeForm
from ..models import Submission
from .loading import rows_of

Status = Submission.Status
QUEUE_PAGE_SIZE = 25
# Statuses a teacher can filter the queue by (an attempt in progress is nobody's to review).
QUEUE_STATUSES = [choice for choice in Status.choices if choice[0] != Status.IN_PROGRESS]


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    permissions.require_review_queue(user)
    homework_list = list(permissions.manageable_homework(user).order_by("title", "pk"))
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


def _back(request: HttpRequest, target: str | None) -> str:
    """Where to go after grading: ``next`` when it is on this site, else the queue."""
    return safe_next(request, target, reverse("homework:review-queue"))


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def grade_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request.user
    submission = get_object_or_404(
        Submission.objects.select_related(
            "student", "graded_by", "homework__lesson", "homework__course"
        ),
        pk=submission_id,
    )
    homework = submission.homework
    if not permissions.can_view_submission(user, submission):
        raise Http404  # nobody learns that the attempt exists
    permissions.require_grade(user, homework)
    rows = rows_of(submission)
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
        except (ValidationError, DomainError) as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if rework:
                messages.success(
                    request, _("The work is returned for rework; the student is notified.")
                )
            else:
                messages.success(request, _("The grade is saved; the student is notified."))
            return redirect(_back(request, form.cleaned_data.get("next")))
    return render(
        request,
        "homework/grade.html",
        {
            "submission": submission,
            "homework": homework,
            "rows": rows,
            "form": form,
            "ready": ready,
            "back_url": _back(request, request.POST.get("next") or request.GET.get("next")),
        },
    )
