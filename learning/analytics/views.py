"""The dashboards: the learner's own, a teacher's (staff may choose the teacher), one course's
and the school's. Each asks its report (``services``), which checks who may read it; a
refusal is the report's ``ReportNotAllowed`` (403), shown by ``core.middleware``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.ids import parse_id
from core.permissions import is_staff
from courses.models import CoursePage

from .errors import ReportNotAllowed
from .services.learner import learner_report
from .services.reports import course_report, school_report, teacher_report

User = get_user_model()


@login_required
def learner(request: HttpRequest) -> HttpResponse:
    report = learner_report(request.user)
    return render(request, "analytics/learner.html", {"report": report})


def _teachers():
    return User.objects.filter(role=User.Role.TEACHER, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


@login_required
def teaching(request: HttpRequest) -> HttpResponse:
    """A teacher's own dashboard; staff pick the teacher with ``?teacher=<id>``."""
    user = request.user
    staff = is_staff(user)
    if not staff and user.role != User.Role.TEACHER:
        raise ReportNotAllowed
    teacher = user if user.role == User.Role.TEACHER else None
    asked = request.GET.get("teacher", "")
    if staff and asked:
        wanted = parse_id(asked)
        if wanted is None:
            raise Http404
        teacher = get_object_or_404(_teachers(), pk=wanted)
    context = {"teacher": teacher, "teachers": list(_teachers()) if staff else []}
    if teacher is not None:  # staff who teach nothing choose a teacher first
        report = teacher_report(user, teacher)
        context |= {"report": report, "at_risk": getattr(report, "at_risk", None)}
    return render(request, "analytics/teaching.html", context)


@login_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    page = get_object_or_404(CoursePage.objects.defer_streamfields(), pk=pk)
    report = course_report(request.user, page)
    context = {"report": report, "course": page, "at_risk": getattr(report, "at_risk", None)}
    return render(request, "analytics/course.html", context)


@login_required
def school(request: HttpRequest) -> HttpResponse:
    if not is_staff(request.user):
        raise Http404  # the school's figures are not for others to know of
    return render(request, "analytics/school.html", {"report": school_report(request.user)})
