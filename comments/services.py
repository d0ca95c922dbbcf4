"""Reading and writing comment threads: the rules once, for the site (views, the
{% comment_thread %} tag) and the API.

- Replies go one level deep. Replying to a reply attaches the new comment to the top-level
  comment (the conversation stays in one place, the "Reply" button works everywhere).
- Authors edit and delete their own comments; staff delete any. Deleting a top-level comment
  deletes its replies too (they answer it and make no sense alone).
- Who may read and write is in permissions.py; every function here checks it.
- Likes: one per person and comment (a unique constraint), ``Comment.like_count`` moves with
  F() in the same transaction as the like row, so concurrent clicks count true.
- Reports: one per person and comment; they wait in the admin listing until a moderator hides,
  restores or keeps the comment.
- Hidden comments (permissions.py says who hides) drop out of the thread for everyone but
  the post's tutor, staff and their author, who see them marked.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.services import is_staff

from .errors import AlreadyReported, CommentGone, CommentHidden, ReasonRequired
from .models import Comment, CommentLike, CommentReport
from .notifications import notify_comment
from .permissions import (
    is_tutor,
    require_delete,
    require_edit,
    require_hide,
    require_moderator,
    require_read,
    require_report,
    require_unhide,
    require_write,
)
from .targets import Target, is_on, target_field, target_of

MAX_REASON = 1000

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


def sees_hidden(user, target: Target) -> bool:
    """Who sees every hidden comment in the thread on the site: the post's tutor and staff
    (editors and moderators deal with them in the admin; asking their groups would cost
    every thread a query)."""
    return is_tutor(user, target) or is_staff(user)


def _shown_to(user, target: Target) -> Q:
    """The comments of a thread this person sees: all for sees_hidden(), else the ones not
    hidden and their own (marked hidden)."""
    if sees_hidden(user, target):
        return Q()
    shown = Q(hidden_at__isnull=True)
    if user is not None and user.is_authenticated:
        shown |= Q(author_id=user.pk)
    return shown


def _with_liked(queryset: QuerySet[Comment], user) -> QuerySet[Comment]:
    """``viewer_liked`` on each row, in the same query (no query per comment)."""
    if user is None or not user.is_authenticated:
        return queryset.annotate(viewer_liked=Value(False))
    return queryset.annotate(
        viewer_liked=Exists(CommentLike.objects.filter(comment=OuterRef("pk"), user_id=user.pk))
    )


def shown_to(user, target: Target) -> QuerySet[Comment]:
    """Every comment of the thread (top-level and replies) this person sees; no read check."""
    return Comment.objects.filter(_shown_to(user, target), **{target_field(target): target})


def replies_queryset(user=None, target: Target | None = None) -> QuerySet[Comment]:
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    if target is not None:
        replies = replies.filter(_shown_to(user, target))
    return _with_liked(replies, user)


def thread(user, target: Target) -> QuerySet[Comment]:
    """Top-level comments, newest first, with their replies (oldest first) prefetched, as
    this person sees them (hidden ones left out or kept, see _shown_to; ``viewer_liked``).

    Slice or paginate it freely: a page costs one query for the comments and one for all
    their replies, whatever its size. NotAllowed for people who may not read.
    """
    require_read(user, target)
    return thread_queryset(target, user)


def thread_queryset(target: Target, user=None) -> QuerySet[Comment]:
    """thread() without the permission check, for callers that have just made it."""
    top = Comment.objects.filter(
        _shown_to(user, target), **{target_field(target): target}, parent__isnull=True
    )
    return (
        _with_liked(top, user)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies_queryset(user, target)))
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
            if answered.hidden_at is not None:
                raise ValidationError(
                    {"parent": [_("The comment you reply to is hidden.")]}, code="hidden"
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


# Likes


def _readable(user, comment: Comment) -> Target:
    """The comment's target after checking the person may read it; hidden comments take no
    likes or reports."""
    target = target_of(comment)
    require_read(user, target)
    if comment.hidden_at is not None:
        raise CommentHidden()
    return target


def set_like(user, comment: Comment, liked: bool) -> tuple[bool, int]:
    """Like (or unlike) a comment; saying the same twice changes nothing.

    Returns (liked, like_count) as they are after the change. The like row and the count
    move in one transaction; the unique constraint stops a double like, and the F() update
    counts concurrent likes of different people without losing any.
    """
    _readable(user, comment)
    with transaction.atomic():
        if liked:
            try:
                with transaction.atomic():
                    CommentLike.objects.create(comment_id=comment.pk, user=user)
                changed = 1
            except IntegrityError:
                changed = 0  # liked already (another tab, a double click)
        else:
            deleted, _rows = CommentLike.objects.filter(comment_id=comment.pk, user=user).delete()
            changed = -deleted
        # No row updated: the comment was deleted meanwhile (its like goes with the rollback).
        if changed and not Comment.objects.filter(pk=comment.pk).update(
            like_count=F("like_count") + changed
        ):
            raise CommentGone()
        count = Comment.objects.filter(pk=comment.pk).values_list("like_count", flat=True).first()
    if count is None:
        raise CommentGone()
    comment.like_count = count
    return liked, count


def toggle_like(user, comment: Comment) -> tuple[bool, int]:
    """Like it if this person does not yet, unlike it if they do."""
    liked = CommentLike.objects.filter(comment_id=comment.pk, user=user).exists()
    return set_like(user, comment, not liked)


def liked_ids(user, comment_ids) -> set[int]:
    """Which of these comments the person likes (one query)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        CommentLike.objects.filter(user=user, comment_id__in=list(comment_ids)).values_list(
            "comment_id", flat=True
        )
    )


# Reports and hiding


def clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    if len(reason) > MAX_REASON:
        raise ReasonRequired(
            _("A reason can be at most %(max)s characters long.") % {"max": MAX_REASON}
        )
    return reason


def report(user, comment: Comment, *, reason: str) -> CommentReport:
    """A reader (not the author) reports a comment, once; it shows in the moderators' listing
    until one of them hides, restores or keeps it."""
    require_report(user, comment)
    _readable(user, comment)
    reason = clean_reason(reason)
    try:
        with transaction.atomic():
            return CommentReport.objects.create(comment=comment, reporter=user, reason=reason)
    except IntegrityError as error:
        if not Comment.objects.filter(pk=comment.pk).exists():
            raise CommentGone() from error
        raise AlreadyReported() from error


def _resolve_reports(comment: Comment, now) -> None:
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=now)


def set_hidden(user, comment: Comment, hidden: bool) -> Comment:
    """The post's tutor or a moderator hides a comment (or shows it again); its replies go
    and come back with it. Either way its open reports are dealt with."""
    target = target_of(comment)
    if hidden:
        require_hide(user, comment, target)
    else:
        require_unhide(user, comment, target)
    now = timezone.now()
    with transaction.atomic():
        values = {"hidden_at": now, "hidden_by": user} if hidden else {"hidden_at": None}
        if not hidden:
            values["hidden_by"] = None
        if not Comment.objects.filter(pk=comment.pk).update(**values):
            raise CommentGone()
        _resolve_reports(comment, now)
    comment.hidden_at = values["hidden_at"]
    comment.hidden_by = values["hidden_by"]
    return comment


def keep(user, comment: Comment) -> int:
    """A moderator keeps a reported comment as it is: its open reports are closed.

    Returns how many reports were closed."""
    require_moderator(user)
    return comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
