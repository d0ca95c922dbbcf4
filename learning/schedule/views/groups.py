"""Group pages: the list, one group with its members and lessons, create and edit; the
teacher's side of invitations and the join code."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.errors import DomainError

from .. import services
from ..forms import GroupForm, InviteForm, JoinForm
from ..models import Group, Invitation, Membership
from ..permissions import (
    can_create_groups,
    can_manage_group,
    can_see_member_contacts,
    require_can_create_groups,
    roster_filter,
)
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
    return _groups_page(request, JoinForm())


def _groups_page(request: HttpRequest, join_form, status: int = 200) -> HttpResponse:
    queryset = services.groups_for(request.user).order_by("name", "pk")
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schedule/groups.html",
        {
            "page_obj": page_obj,
            "can_create": can_create_groups(request.user),
            "invitations": list(services.invitations_for(request.user)),
            "join_form": join_form,
        },
        status=status,
    )


@require_POST
@login_required
def group_join_with_code(request: HttpRequest) -> HttpResponse:
    """The Groups page's "join with a code" form (the shared link is ``invitations.join``)."""
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            membership = services.join_by_code(request.user, form.cleaned_data["code"])
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            group = membership.group
            messages.success(request, _("You joined the group “%(name)s”.") % {"name": group.name})
            return redirect("schedule:group", group_id=group.pk)
    return _groups_page(request, form, status=400)


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
    return _group_page(request, group, InviteForm())


def _group_page(request: HttpRequest, group: Group, invite_form, status: int = 200) -> HttpResponse:
    manage = can_manage_group(request.user, group)
    everyone = Membership.objects.filter(group=group)
    members = (
        everyone.filter(roster_filter(request.user, group))
        .select_related("student__profile_settings")
        .order_by("student__last_name", "student__first_name", "student__email")
    )
    page_obj = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    total = page_obj.paginator.count if manage else everyone.count()
    for membership in page_obj:
        # The teacher sees a member's e-mail as the member's settings allow.
        membership.show_email = can_see_member_contacts(request.user, group, membership.student)
    pending = (
        services.group_invitations(request.user, group, Invitation.Status.PENDING)
        if manage
        else Invitation.objects.none()
    )
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
            "students_total": total,
            "unnamed": total - page_obj.paginator.count,
            "invite_form": invite_form if manage else None,
            "pending_invitations": list(pending),
            "join_url": (
                request.build_absolute_uri(
                    reverse("schedule:join", kwargs={"code": group.join_code})
                )
                if manage and group.join_code
                else ""
            ),
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
def group_invite(request: HttpRequest, group_id: int) -> HttpResponse:
    group = group_or_404(request, group_id, manage=True)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite(request.user, group, form.cleaned_data["email"])
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            # The same words whether or not the address has an account.
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("schedule:group", group_id=group.pk)
    return _group_page(request, group, form, status=400)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(services.visible_invitations(request.user), pk=invitation_id)
    group = group_or_404(request, invitation.group_id, manage=True)
    try:
        services.revoke_invitation(request.user, invitation)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
        )
    return redirect("schedule:group", group_id=group.pk)


@require_POST
@login_required
def group_join_code(request: HttpRequest, group_id: int) -> HttpResponse:
    """Turn the group's join code on or renew it (``action=rotate``), or off (``action=off``)."""
    group = group_or_404(request, group_id, manage=True)
    if request.POST.get("action") == "off":
        services.disable_join_code(request.user, group)
        messages.success(request, _("Joining by code is off."))
    else:
        had_code = bool(group.join_code)
        services.rotate_join_code(request.user, group)
        messages.success(
            request,
            _("A new code is made: the old one no longer works.")
            if had_code
            else _("Joining by code is on. Share the code or the link with your students."),
        )
    return redirect("schedule:group", group_id=group.pk)


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
        name = student.get_full_name() or _("The student")
        messages.success(request, _("%(name)s is removed from the group.") % {"name": name})
    return redirect("schedule:group", group_id=group.pk)
