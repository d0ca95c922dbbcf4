"""Likes on video posts: one per person and post (a database constraint), the post's count
moved in the same transaction, under a lock on its ``PostStats`` row.

The lock orders likes of one post one after another, so the count read under it is true;
the constraint makes a double click (two requests at once) one like: the second insert
fails inside a savepoint and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F

from courses.models import TutorVideoPage

from ..errors import PostNotFound
from ..models import PostLike, PostStats
from .stats import ensure_stats

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class LikeState:
    liked: bool
    like_count: int
    changed: bool


def live_post(post_id: int) -> TutorVideoPage:
    """A live, public video post (any language), or PostNotFound."""
    post = (
        TutorVideoPage.objects.live()
        .public()
        .filter(pk=post_id)
        .defer_streamfields()
        .only("pk", "path", "title", "first_published_at", "last_published_at", "url_path")
        .first()
    )
    if post is None:
        raise PostNotFound()
    return post


def _locked_stats(post: TutorVideoPage) -> PostStats:
    stats = PostStats.objects.select_for_update().filter(pk=post.pk).first()
    if stats is None:
        ensure_stats(post)
        stats = PostStats.objects.select_for_update().get(pk=post.pk)
    return stats


@transaction.atomic
def like(user: User, post: TutorVideoPage) -> LikeState:
    stats = _locked_stats(post)
    try:
        with transaction.atomic():
            PostLike.objects.create(user=user, post=post)
    except IntegrityError:
        return LikeState(liked=True, like_count=stats.like_count, changed=False)
    PostStats.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    return LikeState(liked=True, like_count=stats.like_count + 1, changed=True)


@transaction.atomic
def unlike(user: User, post: TutorVideoPage) -> LikeState:
    stats = _locked_stats(post)
    deleted, _rows = PostLike.objects.filter(user=user, post=post).delete()
    if not deleted:
        return LikeState(liked=False, like_count=stats.like_count, changed=False)
    PostStats.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1)
    return LikeState(liked=False, like_count=stats.like_count - 1, changed=True)


def toggle_like(user: User, post: TutorVideoPage) -> LikeState:
    """Like it, or take the like back if there was one."""
    if PostLike.objects.filter(user=user, post=post).exists():
        return unlike(user, post)
    return like(user, post)


def set_like(user: User, post: TutorVideoPage, liked: bool) -> LikeState:
    """The state a form asks for (a resubmitted form leaves it as asked, not flipped back)."""
    return like(user, post) if liked else unlike(user, post)


def has_liked(user: User, post_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return PostLike.objects.filter(user=user, post_id=post_id).exists()
