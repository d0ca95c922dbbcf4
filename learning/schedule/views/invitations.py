"""The learner's side of joining a group: an invitation's page (the e-mail's link), answering
from the Groups page, and the join link a teacher shares (the Groups page's code form is in
``groups``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError

from .. import services
from ..models import Group, Invitation
from ..permissions import is_addressee


def _joined(request: HttpRequest, group: Group) -> HttpResponse:
    messages.success(request, _("You joined the group “%(name)s”.") % {"name": group.name})
    return redirect("schedule:group", group_id=group.pk)


def _answer(request: HttpRequest, invitation: Invitation, token: str | None) -> HttpResponse | None:
    """Accept or decline as the form says; None (and an error message) when refused."""
    try:
        if request.POST.get("answer") == "accept":
            services.accept_invitation(request.user, invitation, token)
            return _joined(request, invitation.group)
        services.decline_invitation(request.user, invitation, token)
    except (ValidationError, DomainError) as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(
        request,
        _("You declined the invitation to “%(name)s”.") % {"name": invitation.group.name},
    )
    return redirect("schedule:groups")


@require_http_methods(["GET", "POST"])
@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page the invitation e-mail links to: what the group is, and Accept / Decline."""
    found = services.invitation_by_token(token)
    if request.method == "POST":
        answered = _answer(request, found, token)
        if answered is not None:
            return answered
        found.refresh_from_db()
    addressee = is_addressee(request.user, found)
    is_open = found.status == Invitation.Status.PENDING and not found.is_expired
    return render(
        request,
        "schedule/invitation.html",
        {
            "invitation": found,
            "group": found.group,
            "addressee": addressee,
            "is_open": is_open,
            "is_member": services.is_member(request.user, found.group),
        },
        status=200 if addressee else 403,
    )


@require_POST
@login_required
def invitation_answer(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Accept or decline from the Groups page (the person's own invitations only)."""
    found = get_object_or_404(services.invitations_for(request.user), pk=invitation_id)
    return _answer(request, found, None) or redirect("schedule:groups")


@require_http_methods(["GET", "POST"])
@login_required
def join(request: HttpRequest, code: str) -> HttpResponse:
    """The link a teacher shares: "join this group?" and the button that does it."""
    group = services.group_for_code(code)
    if request.method == "POST":
        try:
            services.join_by_code(request.user, code)
        except (ValidationError, DomainError) as error:
            messages.error(request, " ".join(error.messages))
        else:
            return _joined(request, group)
    return render(
        request,
        "schedule/join.html",
        {
            "group": group,
            "code": services.normalize_code(code),
            "is_member": services.is_member(request.user, group),
            "is_teacher": group.teacher_id == request.user.pk,
        },
    )
