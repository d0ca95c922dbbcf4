"""{% load homework_comments %} {% comment_thread target %}: the comments under a lesson,
a homework or a submission, with the forms to write, reply, edit and delete.

Renders nothing for people who may not read the thread (learning.homework.comments).
Named apart from Django's built-in {% comment %} tag.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.paginator import Paginator

from .. import comments as rules

register = template.Library()

PAGE_PARAM = "comments_page"
DEFAULT_PER_PAGE = 20


def per_page() -> int:
    return int(getattr(settings, "HOMEWORK_COMMENTS_PER_PAGE", DEFAULT_PER_PAGE))


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query[PAGE_PARAM] = number
    return f"?{query.urlencode()}#comments"


@register.inclusion_tag("homework/comments/thread.html", takes_context=True)
def comment_thread(context, target: rules.Target) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or target is None or not rules.can_read(user, target):
        return {"visible": False}
    # One count, one page of comments and one query for their replies, whatever the size.
    paginator = Paginator(rules.thread_queryset(target), per_page())
    page_obj = paginator.get_page(request.GET.get(PAGE_PARAM))
    comments = list(page_obj.object_list)
    teachers = rules.teacher_ids(target)
    for comment in comments:
        replies = comment.replies.all()
        comment.has_replies = bool(replies)
        for item in (comment, *replies):
            item.user_can_edit = rules.may_edit(user, item)
            item.user_can_delete = rules.may_delete(user, item)
            item.by_teacher = item.author_id in teachers
            item.edited = rules.is_edited(item)
    return {
        "visible": True,
        "target": target,
        "kind": rules.target_field(target),
        "comments": comments,
        "page_obj": page_obj,
        "previous_url": (
            _page_url(request, page_obj.previous_page_number()) if page_obj.has_previous() else ""
        ),
        "next_url": _page_url(request, page_obj.next_page_number()) if page_obj.has_next() else "",
        "can_write": rules.can_write(user, target),
        "next": request.get_full_path(),
        "max_length": rules.MAX_LENGTH,
        "user": user,
    }
