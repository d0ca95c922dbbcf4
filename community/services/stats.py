"""Each post's ``PostStats`` row: made when the post is first published (``signals``), filled
in for posts published before this app (``sync_posts``), and the comment count's hook."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from comments.targets import visible_count_of
from courses.models import TutorPage, TutorVideoPage

from ..models import PostStats


def tutor_page_of(post: TutorVideoPage) -> TutorPage | None:
    """The post's parent (a video post lives only under a tutor page)."""
    parent_path = post.path[: -TutorVideoPage.steplen]
    return TutorPage.objects.filter(path=parent_path).first()


def published_at(post: TutorVideoPage):
    """When the post first went out (a page made live without a publish has no date: now)."""
    return post.first_published_at or post.last_published_at or timezone.now()


def ensure_stats(post: TutorVideoPage) -> tuple[PostStats, bool]:
    """The post's figures, made on its first publish; (row, whether it was made now)."""
    page = tutor_page_of(post)
    return PostStats.objects.get_or_create(
        post=post,
        defaults={
            "tutor_id": page.user_id if page else None,
            "tutor_page": page,
            "published_at": published_at(post),
        },
    )


@transaction.atomic
def sync_posts() -> int:
    """Rows for live posts that have none (published before the app, or while its signal
    was not connected); returns how many were made."""
    missing = (
        TutorVideoPage.objects.live()
        .filter(stats__isnull=True)
        .only("path", "first_published_at", "last_published_at")
    )
    posts = list(missing)
    if not posts:
        return 0
    parents = {
        p.path: p
        for p in TutorPage.objects.filter(
            path__in={post.path[: -TutorVideoPage.steplen] for post in posts}
        ).only("path", "user_id")
    }
    rows = []
    for post in posts:
        page = parents.get(post.path[: -TutorVideoPage.steplen])
        rows.append(
            PostStats(
                post_id=post.pk,
                tutor_id=page.user_id if page else None,
                tutor_page=page,
                published_at=published_at(post),
            )
        )
    PostStats.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def set_comment_count(post_id: int, count: int) -> None:
    """The hook for comments on video posts: the receiver in ``signals`` recounts a post's
    comments when one is saved or deleted and stores the figure here."""
    PostStats.objects.filter(post_id=post_id).update(comment_count=max(count, 0))


def add_comments(post_id: int, delta: int) -> None:
    """Move the comment count by ``delta`` in SQL (for callers that know what changed)."""
    PostStats.objects.filter(post_id=post_id).update(comment_count=F("comment_count") + delta)


def recount_comments(post_id: int) -> int:
    """Count the post's visible comments again (hidden ones and their replies left out)."""
    count = visible_count_of([post_id]).get(post_id, 0)
    set_comment_count(post_id, count)
    return count
