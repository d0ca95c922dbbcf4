"""The learner's list of their homework: what to do, what is handed in, what is graded.

Everyone signed in has one (a teacher's own homework as a learner too); teachers and staff are
pointed to their review queue from it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import permissions, services

PAGE_SIZE = 20


@require_GET
@login_required
def my_homework(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_obj = Paginator(services.learner_homework(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    for homework in page_obj:
        homework.latest = homework.my_submissions[0] if homework.my_submissions else None
        homework.overdue = bool(homework.owed and homework.due_at and homework.due_at < now)
    return render(
        request,
        "homework/my_homework.html",
        {"page_obj": page_obj, "reviews": permissions.can_use_review_queue(user)},
    )
