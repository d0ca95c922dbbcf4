"""Video posts for anyone (the API's ``video-posts/``): the feed's cards without its tiers
for people who follow nobody or are not signed in, narrowed to a tutor or a tag, newest or
popular with the feed's time decay; one post with what its page plays.

A list costs what the feed's page costs (the count, the page's ids, the page's cards, the
photos and posters), whatever the number of posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import IntegerField, QuerySet, Value
from django.utils import timezone
from wagtail.models import Locale

from core import sites
from core.permissions import is_signed_in
from courses.models import TutorVideoPage

from ..errors import InvalidSort, PostNotFound
from .feed import SORTS, _annotations, load, popularity

if TYPE_CHECKING:
    from accounts.models import User


def _annotations_for(user: User | None, now: datetime) -> dict:
    if is_signed_in(user):
        return _annotations(user, now)  # "followed" is the feed's tier 0
    return {"tier": Value(2, output_field=IntegerField()), "score": popularity(now)}


def post_ids(
    user: User | None,
    *,
    sort: str = "new",
    tutor_page_id: int | None = None,
    tag: str = "",
    locale: Locale | None = None,
    now: datetime | None = None,
) -> tuple[QuerySet, dict]:
    """(live, public posts' ids in the language, in order; the annotations ``load`` gives)."""
    if sort not in SORTS:
        raise InvalidSort()
    annotations = _annotations_for(user, now or timezone.now())
    posts = (
        TutorVideoPage.objects.live()
        .public()
        .filter(locale=locale or sites.active_locale(), stats__isnull=False)
    )
    if tutor_page_id is not None:
        posts = posts.filter(stats__tutor_page_id=tutor_page_id)
    if tag:
        posts = posts.filter(tags__name__iexact=tag.strip())
    order = "-score" if sort == "popular" else "-stats__published_at"
    posts = posts.annotate(**annotations).order_by(order, "-pk")
    return posts.values_list("pk", flat=True), annotations


@dataclass(frozen=True)
class Playback:
    """What a post's page plays: an uploaded library video or an external link."""

    media_id: int | None
    embed_url: str


def read_post(user: User | None, post_id: int) -> tuple[TutorVideoPage, Playback]:
    """One live, public post (any language) as a card, and what it plays; PostNotFound."""
    found = TutorVideoPage.objects.live().public().filter(pk=post_id, stats__isnull=False)
    if not found.exists():
        raise PostNotFound()
    [post] = load(user, [post_id], _annotations_for(user, timezone.now()))
    media_id, embed_url = None, ""
    for block in TutorVideoPage.objects.only("video").get(pk=post_id).video:
        value = block.value
        if value.get("file") is not None:
            media_id = value["file"].pk
        elif value.get("embed") is not None:
            embed_url = value["embed"].url
    post.tag_names = sorted(post.tags.names())
    return post, Playback(media_id=media_id, embed_url=embed_url)
