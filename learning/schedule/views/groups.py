"""Group pages: the list, one group with its members and lessons, create and edit."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.errors import DomainError

from .. import services
from ..forms import AddStudentForm, GroupForm
from ..models import Group, Membership
from ..permissions import can_create_groups, can_manage_group, require_can_create_groups
from .common import (
    GROUP_UPCOMING_DAYS,
    PER_PAGE,
    UPCOMING_LIMIT,
    apply_errors,
    group_or_404,
    lesson_url,
)


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    """Teachers: the groups they teach (and can create more); students: the groups they're in."""
    queryset = services.groups_for(request.user).order_by("name", "pk")
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schedule/groups.html",
        {"page_obj": page_obj, "can_create": can_create_groups(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    require_can_create_groups(request.user)
    form = GroupForm(request.POST or None, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.create_group(
                request.user, data["name"], course=data["course"], colour=data["colour"]
            )
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The group “%(name)s” is created. Now add its students.") % {"name": group.name},
            )
            return redirect("schedule:group", group_id=group.pk)
    return render(request, "schedule/group_form.html", {"form": form, "group": None})


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = group_or_404(request, group_id)
    return _group_page(request, group, AddStudentForm())


def _group_page(request: HttpRequest, group: Group, add_form, status: int = 200) -> HttpResponse:
    manage = can_manage_group(request.user, group)
    members = (
        Membership.objects.filter(group=group)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__email")
    )
    page_obj = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    upcoming = [
        o
        for o in services.occurrences_for(
            request.user, now, now + dt.timedelta(days=GROUP_UPCOMING_DAYS)
        )
        if o.group_id == group.pk
    ]
    return render(
        request,
        "schedule/group_detail.html",
        {
            "group": group,
            "manage": manage,
            "page_obj": page_obj,
            "add_form": add_form if manage else None,
            "upcoming": [
                {"occurrence": o, "url": lesson_url(o.key)} for o in upcoming[:UPCOMING_LIMIT]
            ],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    group = group_or_404(request, group_id, manage=True)
    initial = {"name": group.name, "course": group.course, "colour": group.colour}
    form = GroupForm(request.POST or None, teacher=group.teacher, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_group(
                request.user, group, name=data["name"], colour=data["colour"], course=data["course"]
            )
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("schedule:group", group_id=group.pk)
    return render(request, "schedule/group_form.html", {"form": form, "group": group})


@require_POST
@login_required
def group_add_student(request: HttpRequest, group_id: int) -> HttpResponse:
    group = group_or_404(request, group_id, manage=True)
    form = AddStudentForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_student(request.user, group, form.cleaned_data["email"])
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(email)s is added to the group.") % {"email": membership.student.email}
            )
            return redirect("schedule:group", group_id=group.pk)
    return _group_page(request, group, form, status=400)


@require_POST
@login_required
def group_remove_student(request: HttpRequest, group_id: int, student_id: int) -> HttpResponse:
    group = group_or_404(request, group_id, manage=True)
    student = get_object_or_404(User, pk=student_id)
    try:
        services.remove_student(request.user, group, student)
    except (ValidationError, DomainError) as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(email)s is removed from the group.") % {"email": student.email}
        )
    return redirect("schedule:group", group_id=group.pk)
