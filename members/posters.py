"""Poster pictures of video posts, for a grid of them: two queries whatever their number.

An uploaded video's poster is its library item's thumbnail (public media, shown before
anyone presses play); a YouTube or Vimeo link's is the thumbnail Wagtail stored when it
first fetched the embed. A post with neither gets none (the grid draws a placeholder).
The transcoding pipeline (``videos``) will make posters of uploads; its poster should win
here once a media item carries one.
"""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.embeds.models import Embed

from courses.models import CourseMedia, TutorVideoPage


def _video_value(post: TutorVideoPage) -> dict:
    """The post's one video block as stored (no rendering, no fetching)."""
    try:
        return dict(post.video.raw_data[0].get("value") or {})
    except (IndexError, AttributeError, TypeError):
        return {}


def posters(posts: Iterable[TutorVideoPage]) -> dict[int, str]:
    """{post id: poster URL} for the posts that have one."""
    media_of: dict[int, int] = {}
    embed_of: dict[int, str] = {}
    for post in posts:
        value = _video_value(post)
        if value.get("file"):
            media_of[post.pk] = int(value["file"])
        elif value.get("embed"):
            embed_of[post.pk] = str(value["embed"])
    found: dict[int, str] = {}
    if media_of:
        thumbnails = {
            media.pk: media.thumbnail.url
            for media in CourseMedia.objects.filter(pk__in=set(media_of.values())).only(
                "id", "thumbnail"
            )
            if media.thumbnail
        }
        found |= {pk: thumbnails[m] for pk, m in media_of.items() if m in thumbnails}
    if embed_of:
        pictures = dict(
            Embed.objects.filter(url__in=set(embed_of.values()))
            .exclude(thumbnail_url__isnull=True)
            .exclude(thumbnail_url="")
            .values_list("url", "thumbnail_url")
        )
        found |= {pk: pictures[url] for pk, url in embed_of.items() if url in pictures}
    return found
