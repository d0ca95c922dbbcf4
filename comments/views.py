"""Posting, editing, deleting, liking, reporting and hiding comments from the site's forms
({% comment_thread %}).

Each view answers a POST and goes back to the page it came from (``next``) with a message.
The services check who may do what; a refusal they raise becomes the error page
(core.middleware).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import Conflict, Invalid
from core.urls import safe_next
from courses.models import LessonPage, TutorVideoPage
from learning.homework.models import Homework, Submission

from . import services
from .models import Comment
from .permissions import require_write
from .targets import Target, target_of, target_url


def get_target(kind: str, target_id: int) -> Target:
    """The lesson, homework, submission or video post named in the URL; 404 if there is none."""
    if kind == "lesson":
        return get_object_or_404(LessonPage, pk=target_id)
    if kind == "video":
        return get_object_or_404(TutorVideoPage, pk=target_id)
    if kind == "homework":
        return get_object_or_404(Homework.objects.select_related("course"), pk=target_id)
    if kind == "submission":
        return get_object_or_404(
            Submission.objects.select_related("homework__course", "student"), pk=target_id
        )
    raise Http404


def _back(request: HttpRequest, target: Target, anchor: str = "comments") -> HttpResponse:
    """To the page the form was on when ``next`` is safe, else to the target's own page."""
    url = safe_next(request, request.POST.get("next", ""), target_url(target) or "/")
    url = url.split("#", 1)[0]
    return HttpResponseRedirect(f"{url}#{anchor}")


def _error_text(error: ValidationError | Invalid) -> str:
    return " ".join(str(message) for message in error.messages)


def _comment(comment_id: int) -> tuple[Comment, Target]:
    comment = get_object_or_404(
        Comment.objects.select_related(
            "author", "lesson", "homework__course", "submission__homework__course", "video"
        ),
        pk=comment_id,
    )
    return comment, target_of(comment)


@require_POST
@login_required
def add_comment(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    target = get_target(kind, target_id)
    parent = None
    if parent_id := request.POST.get("parent"):
        parent = Comment.objects.filter(pk=parent_id).first() if parent_id.isdigit() else None
        if parent is None:
            # Outsiders learn nothing from a missing parent: the permission comes first.
            require_write(request.user, target)
            messages.error(request, _("The comment you reply to has been deleted."))
            return _back(request, target)
    try:
        comment = services.add_comment(request.user, target, request.POST.get("text", ""), parent)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return _back(request, target, f"comment-{parent.pk}" if parent else "comments")
    messages.success(
        request, _("Your reply is posted.") if parent else _("Your comment is posted.")
    )
    return _back(request, target, f"comment-{comment.pk}")


@require_POST
@login_required
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, target = _comment(comment_id)
    try:
        services.edit_comment(request.user, comment, request.POST.get("text", ""))
    except (ValidationError, Invalid) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your comment is saved."))
    return _back(request, target, f"comment-{comment.pk}")


@require_POST
@login_required
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, target = _comment(comment_id)
    services.delete_comment(request.user, comment)
    messages.success(request, _("The comment is deleted."))
    return _back(request, target)


def _wants_json(request: HttpRequest) -> bool:
    """The comments' script asks for JSON; the plain form gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@login_required
def like_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Like or unlike: ``liked`` says which (the state the button asks for, so a form sent
    twice does the same thing twice)."""
    comment, target = _comment(comment_id)
    wanted = request.POST.get("liked", "1") != "0"
    try:
        liked, count = services.set_like(request.user, comment, wanted)
    except (Conflict, Invalid) as error:
        if _wants_json(request):
            return JsonResponse({"detail": _error_text(error)}, status=409)
        messages.error(request, _error_text(error))
        return _back(request, target, f"comment-{comment.pk}")
    if _wants_json(request):
        return JsonResponse({"liked": liked, "like_count": count})
    return _back(request, target, f"comment-{comment.pk}")


@require_POST
@login_required
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, target = _comment(comment_id)
    try:
        services.report(request.user, comment, reason=request.POST.get("reason", ""))
    except (Conflict, Invalid) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Thank you: a moderator will look at this comment."))
    return _back(request, target, f"comment-{comment.pk}")


@require_POST
@login_required
def hide_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Hide (``hidden=1``) or show again (``hidden=0``)."""
    comment, target = _comment(comment_id)
    hidden = request.POST.get("hidden", "1") != "0"
    try:
        services.set_hidden(request.user, comment, hidden)
    except Invalid as error:
        messages.error(request, _error_text(error))
    else:
        done = _("The comment is hidden from readers.") if hidden else _("The comment is shown.")
        messages.success(request, done)
    return _back(request, target, f"comment-{comment.pk}")
