"""Posting, editing and deleting comments from the site's forms ({% comment_thread %}).

Each view answers a POST and goes back to the page it came from (``next``) with a message;
the rules are in learning.homework.comments.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import LessonPage

from . import comments as rules
from .models import Comment, Homework, Submission


def get_target(kind: str, target_id: int) -> rules.Target:
    """The lesson, homework or submission named in the URL; 404 if there is none."""
    if kind == "lesson":
        return get_object_or_404(LessonPage, pk=target_id)
    if kind == "homework":
        return get_object_or_404(Homework.objects.select_related("course"), pk=target_id)
    if kind == "submission":
        return get_object_or_404(
            Submission.objects.select_related("homework__course", "student"), pk=target_id
        )
    raise Http404


def _back(request: HttpRequest, target: rules.Target, anchor: str = "comments") -> HttpResponse:
    """To the page the form was on when ``next`` is safe, else to the target's own page."""
    url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = rules.target_url(target) or "/"
    url = url.split("#", 1)[0]
    return HttpResponseRedirect(f"{url}#{anchor}")


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _comment(comment_id: int) -> tuple[Comment, rules.Target]:
    comment = get_object_or_404(
        Comment.objects.select_related(
            "author", "lesson", "homework__course", "submission__homework__course"
        ),
        pk=comment_id,
    )
    return comment, rules.target_of(comment)


@require_POST
@login_required
def add_comment(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    target = get_target(kind, target_id)
    if not rules.can_write(request.user, target):
        raise PermissionDenied
    parent = None
    if parent_id := request.POST.get("parent"):
        parent = Comment.objects.filter(pk=parent_id).first() if parent_id.isdigit() else None
        if parent is None:
            messages.error(request, _("The comment you reply to has been deleted."))
            return _back(request, target)
    try:
        comment = rules.add_comment(request.user, target, request.POST.get("text", ""), parent)
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
        rules.edit_comment(request.user, comment, request.POST.get("text", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your comment is saved."))
    return _back(request, target, f"comment-{comment.pk}")


@require_POST
@login_required
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment, target = _comment(comment_id)
    rules.delete_comment(request.user, comment)
    messages.success(request, _("The comment is deleted."))
    return _back(request, target)


# Included by learning/homework/urls.py (namespace "homework"): /<lang>/homework/comments/…
comment_urlpatterns = [
    path(
        "comments/add/<slug:kind>/<int:target_id>/",
        add_comment,
        name="comment-add",
    ),
    path("comments/<int:comment_id>/edit/", edit_comment, name="comment-edit"),
    path("comments/<int:comment_id>/delete/", delete_comment, name="comment-delete"),
]
