"""{% load comment_threads %} {% comment_thread target %}: the comments under a lesson,
a homework, a submission or a video post, with the forms to write, reply, edit, delete, like,
report and (the post's tutor, staff) hide.

Renders nothing for people who may not read the thread (comments.permissions).
Named apart from Django's built-in {% comment %} tag.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Paginator

from comments import permissions, services, signals
from comments.app_settings import app_settings
from comments.models import Comment
from comments.targets import Target, target_field, teacher_ids
from home import parts

register = template.Library()

PAGE_PARAM = "comments_page"


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query[PAGE_PARAM] = number
    return f"?{query.urlencode()}#comments"


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, target: Target) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or target is None or not permissions.can_read(user, target):
        return {"visible": False}
    can_write = permissions.can_write(user, target)
    if not _has_comments(request, target):  # most threads: no query at all
        return _context(request, target, [], Paginator([], 1).get_page(1), can_write, user)
    # One count, one page of comments and one query for their replies, whatever the size.
    paginator = Paginator(services.thread_queryset(target, user), app_settings.COMMENTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get(PAGE_PARAM))
    comments = list(page_obj.object_list)
    teachers = teacher_ids(target)
    # The site's hide buttons: the post's tutor and staff (no query per row).
    hides = services.sees_hidden(user, target)
    for comment in comments:
        replies = comment.replies.all()
        comment.has_replies = bool(replies)
        for item in (comment, *replies):
            item.user_can_edit = permissions.may_edit(user, item)
            item.user_can_delete = permissions.may_delete(user, item)
            item.by_teacher = item.author_id in teachers
            item.edited = services.is_edited(item)
            item.user_can_hide = hides and (
                item.hidden_at is None or permissions.may_unhide(user, item, target)
            )
            item.user_can_like = can_write and item.hidden_at is None
            item.user_can_report = (
                can_write and item.hidden_at is None and permissions.may_report(user, item)
            )
    return _context(request, target, comments, page_obj, can_write, user)


def _has_comments(request, target: Target) -> bool:
    """Whether anyone ever commented on the target (hidden comments too), kept under the
    thread's counter."""
    field = target_field(target)
    return parts.shared_value(
        request,
        "comments-any",
        (field, target.pk),
        lambda: Comment.objects.filter(**{field: target}).exists(),
        only=(signals.thread_counter(field, target.pk),),
    )


def _context(request, target: Target, comments: list, page_obj, can_write: bool, user) -> dict:
    return {
        "visible": True,
        "target": target,
        "kind": target_field(target),
        "comments": comments,
        "page_obj": page_obj,
        "previous_url": (
            _page_url(request, page_obj.previous_page_number()) if page_obj.has_previous() else ""
        ),
        "next_url": _page_url(request, page_obj.next_page_number()) if page_obj.has_next() else "",
        "can_write": can_write,
        "next": request.get_full_path(),
        "max_length": services.MAX_LENGTH,
        "user": user,
    }
