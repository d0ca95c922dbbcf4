"""Poster pictures of video posts, for a grid of them (the feed, a member's profile): a few
queries whatever their number.

An uploaded video's poster is the frame its transcode took (``Transcode.poster``, served after
the library's access rule like the stream) or else its library item's thumbnail; a YouTube or
Vimeo link's is the thumbnail Wagtail stored when it first fetched the embed. A post with
neither gets none (the grid draws a placeholder).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from wagtail.embeds.models import Embed

from courses.models import CourseMedia, TutorVideoPage

from .models import Transcode


def _video_values(posts: list[TutorVideoPage]) -> dict[int, dict]:
    """{post id: its one video block as stored}, read in one query (a feed's cards leave the
    stream fields unread; no rendering, no fetching)."""
    found: dict[int, dict] = {}
    rows = TutorVideoPage.objects.filter(pk__in=[post.pk for post in posts])
    for pk, video in rows.values_list("pk", "video"):
        try:
            found[pk] = dict(video.raw_data[0].get("value") or {})
        except (IndexError, AttributeError, TypeError):
            found[pk] = {}
    return found


def media_posters(media_ids: Iterable[int]) -> dict[int, str]:
    """{library video id: poster URL}: the transcode's frame, or else the item's thumbnail."""
    ids = set(media_ids)
    if not ids:
        return {}
    found = {
        media.pk: media.thumbnail.url
        for media in CourseMedia.objects.filter(pk__in=ids).only("id", "thumbnail")
        if media.thumbnail
    }
    frames = (
        Transcode.objects.filter(media_id__in=ids, status=Transcode.Status.READY)
        .exclude(poster="")
        .values_list("media_id", "poster")
    )
    found |= {pk: reverse("videos:file", args=[pk, poster]) for pk, poster in frames}
    return found


def posters(posts: Iterable[TutorVideoPage]) -> dict[int, str]:
    """{post id: poster URL} for the posts that have one."""
    posts = list(posts)
    if not posts:
        return {}
    media_of: dict[int, int] = {}
    embed_of: dict[int, str] = {}
    for pk, value in _video_values(posts).items():
        if value.get("file"):
            media_of[pk] = int(value["file"])
        elif value.get("embed"):
            embed_of[pk] = str(value["embed"])
    found: dict[int, str] = {}
    if media_of:
        pictures = media_posters(media_of.values())
        found |= {pk: pictures[m] for pk, m in media_of.items() if m in pictures}
    if embed_of:
        pictures = dict(
            Embed.objects.filter(url__in=set(embed_of.values()))
            .exclude(thumbnail_url__isnull=True)
            .exclude(thumbnail_url="")
            .values_list("url", "thumbnail_url")
        )
        found |= {pk: pictures[url] for pk, url in embed_of.items() if url in pictures}
    return found
