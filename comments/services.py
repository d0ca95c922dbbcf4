"""Reading and writing comment threads: the rules once, for the site (views, the
{% comment_thread %} tag) and the API.

- Replies go one level deep. Replying to a reply attaches the new comment to the top-level
  comment (the conversation stays in one place, the "Reply" button works everywhere).
- Authors edit and delete their own comments; staff delete any. Deleting a top-level comment
  deletes its replies too (they answer it and make no sense alone).
- Who may read and write is in permissions.py; every function here checks it.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import CommentGone
from .models import Comment
from .notifications import notify_comment
from .permissions import require_delete, require_edit, require_read, require_write
from .targets import Target, is_on, target_field, target_of

MAX_LENGTH = 5000
# auto_now and auto_now_add differ by microseconds on creation; a later save is an edit.
EDIT_TOLERANCE = timedelta(seconds=1)


def is_edited(comment: Comment) -> bool:
    return bool(
        comment.created_at
        and comment.updated_at
        and comment.updated_at - comment.created_at > EDIT_TOLERANCE
    )


# Reading


def replies_queryset() -> QuerySet[Comment]:
    return Comment.objects.select_related("author").order_by("created_at", "pk")


def thread(user, target: Target) -> QuerySet[Comment]:
    """Top-level comments, newest first, with their replies (oldest first) prefetched.

    Slice or paginate it freely: a page costs one query for the comments and one for all
    their replies, whatever its size. NotAllowed for people who may not read.
    """
    require_read(user, target)
    return thread_queryset(target)


def thread_queryset(target: Target) -> QuerySet[Comment]:
    """thread() without the permission check, for callers that have just made it."""
    return (
        Comment.objects.filter(**{target_field(target): target}, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies_queryset()))
        .order_by("-created_at", "-pk")
    )


# Writing


def clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write something first.")]}, code="required")
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("A comment can be at most %(max)s characters long (this one has %(n)s).")
                    % {"max": MAX_LENGTH, "n": len(text)}
                ]
            },
            code="max_length",
        )
    return text


def add_comment(user, target: Target, text: str, parent: Comment | None = None) -> Comment:
    """Post a comment (or a reply to ``parent``) and notify the people it concerns.

    A reply to a reply is attached to the top-level comment; the parent must be on the same
    target. The comment and its notices are written together or not at all.
    """
    require_write(user, target)
    text = clean_text(text)
    field = target_field(target)
    with transaction.atomic():
        answered = None
        if parent is not None:
            # Locked so it cannot vanish between the check and the insert.
            answered = (
                Comment.objects.select_for_update(of=("self",))
                .select_related("author")
                .filter(pk=parent.pk)
                .first()
            )
            if answered is None:
                raise ValidationError(
                    {"parent": [_("The comment you reply to has been deleted.")]}, code="gone"
                )
            if not is_on(answered, target):
                raise ValidationError(
                    {"parent": [_("You can reply only to a comment in the same discussion.")]},
                    code="other_target",
                )
        top = answered
        if answered is not None and answered.parent_id is not None:
            top = Comment.objects.select_related("author").get(pk=answered.parent_id)
        comment = Comment.objects.create(author=user, text=text, parent=top, **{field: target})
        notify_comment(comment, target, answered=answered, top=top)
    return comment


def edit_comment(user, comment: Comment, text: str) -> Comment:
    """The author changes the text of their comment."""
    require_edit(user, comment)
    require_write(user, target_of(comment))
    text = clean_text(text)
    now = timezone.now()
    if not Comment.objects.filter(pk=comment.pk).update(text=text, updated_at=now):
        raise CommentGone()
    comment.text = text
    comment.updated_at = now
    return comment


def delete_comment(user, comment: Comment) -> int:
    """The author or staff delete a comment; a top-level comment takes its replies with it.

    Returns how many comments were deleted (0 if it was already gone).
    """
    require_delete(user, comment)
    deleted, _rows = Comment.objects.filter(pk=comment.pk).delete()
    return deleted
