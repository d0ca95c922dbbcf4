"""What templates ask of the community app:

    {% load community %}
    {% like_button page %}          a video post's like button (tutor_video_page.html)
    {% follow_button page %}        a tutor page's follow button (tutor_page.html)
    {% feed_preview %}              the feed's first posts (the cabinet's home)

Each button costs two small queries (the person's state and the count); the feed's own
cards take both from its one query instead (``community/includes/post_card.html``).
"""

from __future__ import annotations

from django import template

from ..models import PostStats
from ..services import feed_preview as first_posts
from ..services import followers_count, has_liked, is_following

register = template.Library()


def _base(context) -> dict:
    return {"request": context.get("request"), "user": context.get("user")}


@register.inclusion_tag("community/includes/like_button.html", takes_context=True)
def like_button(context, post) -> dict:
    user = context.get("user")
    stats = PostStats.objects.filter(pk=post.pk).only("like_count").first()
    return {
        **_base(context),
        "post_id": post.pk,
        "liked": bool(user and has_liked(user, post.pk)),
        "like_count": stats.like_count if stats else 0,
    }


@register.inclusion_tag("community/includes/follow_button.html", takes_context=True)
def follow_button(context, tutor_page) -> dict:
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    return {
        **_base(context),
        "tutor_id": tutor_page.pk,
        "own": signed_in and user.pk == tutor_page.user_id,
        "following": signed_in and is_following(user, tutor_page.user_id),
        "followers_count": followers_count(tutor_page.user_id),
    }


@register.inclusion_tag("community/includes/feed_preview.html", takes_context=True)
def feed_preview(context, limit: int = 4) -> dict:
    user = context.get("user")
    posts = first_posts(user, limit) if user and user.is_authenticated else []
    return {**_base(context), "posts": posts}
