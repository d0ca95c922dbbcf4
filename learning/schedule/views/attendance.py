"""Marking attendance: the whole group on one screen, everyone present unless marked otherwise."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.errors import DomainError

from .. import services
from ..forms import AttendanceForm
from ..models import Attendance, Group, LiveLesson, Membership
from ..permissions import can_manage_group
from .common import apply_errors, occurrence_or_404


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def attendance(request: HttpRequest, key: str) -> HttpResponse:
    occurrence = occurrence_or_404(request, key)
    group = Group.objects.select_related("teacher").get(pk=occurrence.group_id)
    if not can_manage_group(request.user, group):
        raise Http404
    students = [
        m.student
        for m in Membership.objects.filter(group=group)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__email")
    ]
    records: dict[int, Attendance] = {}
    if occurrence.lesson_id:
        records = {
            a.student_id: a for a in Attendance.objects.filter(lesson_id=occurrence.lesson_id)
        }
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, students=students, records=records
    )
    if request.method == "POST" and form.is_valid():
        lesson = services.lesson_by_key(request.user, occurrence.key)
        try:
            services.mark_attendance(request.user, lesson, form.marks())
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect("schedule:lesson", key=f"lesson:{lesson.pk}")
    return render(
        request,
        "schedule/attendance.html",
        {
            "occurrence": occurrence,
            "key": occurrence.key,
            "group": group,
            "form": form,
            "marked": bool(records),
            "opens_at": occurrence.start - services.ATTENDANCE_FROM,
            "too_early": occurrence.status == LiveLesson.Status.SCHEDULED
            and timezone.now() < occurrence.start - services.ATTENDANCE_FROM,
        },
    )
