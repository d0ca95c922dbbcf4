"""The cabinet's own pages: the learner's desk and their list of courses.

The cabinet sits above the learning apps: it reads their services and routes to their
views (orders, certificates) without them knowing about it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from accounts.services import is_email_verified
from learning.enrollment import services as enrollment
from learning.homework import services as homework
from learning.schedule import services as schedule

from . import teacher_checklist


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = request.user
    groups = enrollment.cabinet_enrollments(user)
    context = {
        "email_verified": is_email_verified(user),
        "current": groups["active"],
        "recently_completed": groups["completed"],
        "resume": enrollment.continue_where_left_off(user),
        "teaching": (
            enrollment.teacher_courses(user, Locale.get_active()) if user.role == "teacher" else []
        ),
        "invitations": schedule.invitations_for(user).count(),
        "deadlines": homework.upcoming_deadlines(user),
        "teacher_checklist": teacher_checklist.checklist_for(user),
    }
    return render(request, "cabinet/desk.html", context)


@login_required
@require_POST
def dismiss_teacher_checklist(request: HttpRequest) -> HttpResponse:
    teacher_checklist.dismiss(request.user)
    return redirect("cabinet:home")


@login_required
def my_courses(request: HttpRequest) -> HttpResponse:
    groups = enrollment.cabinet_enrollments(request.user)
    return render(request, "cabinet/my_courses.html", {"groups": groups})
