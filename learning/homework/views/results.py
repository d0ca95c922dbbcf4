"""The result of an attempt, and the files handed in with it."""

from __future__ import annotations

import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .. import permissions, services
from ..models import Answer, Submission
from .loading import page_url, rows_of

Status = Submission.Status


@require_GET
@login_required
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    user = request.user
    submission = get_object_or_404(
        Submission.objects.select_related(
            "student", "graded_by", "homework__lesson", "homework__course"
        ),
        pk=submission_id,
    )
    if not permissions.can_view_submission(user, submission):
        raise Http404
    homework = submission.homework
    grader = permissions.can_grade(user, homework)
    handed_in = submission.status != Status.IN_PROGRESS
    rows = rows_of(submission)
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
            "lesson_url": page_url(homework.lesson, request),
        },
    )


@require_GET
@login_required
def answer_file(request: HttpRequest, answer_id: int) -> HttpResponse:
    """A file handed in as an answer, for those who may see the submission (never public)."""
    answer = get_object_or_404(Answer.objects.select_related("submission__homework"), pk=answer_id)
    if not answer.file or not permissions.can_view_submission(request.user, answer.submission):
        raise Http404
    try:
        handle = answer.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Always a download: nothing a student uploads is shown inline on the site's origin.
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(answer.file.name))
