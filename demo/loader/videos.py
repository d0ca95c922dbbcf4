"""The tutors' uploaded videos (videos.yaml): a clip drawn with ffmpeg (clips.py), saved in the
media library as the tutor's upload, and a published video post with it, in Russian and English.

Saving the library video is what starts the video pipeline (videos.signals: a transcode job,
its task enqueued on commit), exactly as after a tutor's upload; the demo calls nothing of it.
Without a broker the task runs eagerly once load_demo's transaction commits. A post found by
its slug is left as it is (and so is its video and transcode): a second run draws nothing.
Without ffmpeg no clip can be drawn, so the posts are skipped and the reason returned.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.files import File
from wagtail.models import Collection, Locale

from courses.models import CourseMedia, TutorIndexPage, TutorPage, TutorVideoPage

from .clips import Clip, ffmpeg, make_clip
from .pages import add_published, translated


def _block(media: CourseMedia, caption: str) -> list[tuple[str, dict[str, Any]]]:
    return [("video", {"embed": None, "file": media, "caption": caption})]


def _media(spec: dict[str, Any], clip: dict[str, Any], tutor: TutorPage) -> CourseMedia:
    """The tutor's library video for the post: drawn now and saved (which queues its
    transcode), or the one already in the library under the post's title (the post was
    deleted, its video kept): reused, so it is not drawn and transcoded again."""
    existing = CourseMedia.objects.filter(
        uploaded_by_user=tutor.user, type="video", title=spec["title"]
    ).first()
    if existing is not None:
        return existing
    drawing = Clip(
        title=spec["title"],
        byline=tutor.title,
        pattern=spec["pattern"],
        tone=spec["tone"],
        seconds=clip["seconds"],
        width=clip["width"],
        height=clip["height"],
    )
    with tempfile.TemporaryDirectory(prefix="ustat-demo-video-") as folder:
        path = make_clip(drawing, Path(folder) / f"{spec['slug']}.mp4")
        media = CourseMedia(
            title=spec["title"],
            type="video",
            collection=Collection.get_first_root_node(),
            uploaded_by_user=tutor.user,
            duration=clip["seconds"],
            width=clip["width"],
            height=clip["height"],
        )
        with path.open("rb") as handle:
            media.file.save(path.name, File(handle), save=False)
        media.save()  # post_save: the video pipeline's transcode job
    return media


def _post(tutor: TutorPage, spec: dict[str, Any], clip: dict[str, Any]) -> TutorVideoPage:
    media = _media(spec, clip, tutor)
    page = TutorVideoPage(
        title=spec["title"],
        slug=spec["slug"],
        video=_block(media, spec["caption"]),
        description=spec["description"],
        owner=tutor.user,
    )
    page.tags.add(*spec["tags"])
    return add_published(tutor, page, tutor.user)


def _english(page: TutorVideoPage, spec: dict[str, Any], en: Locale) -> None:
    media = page.video[0].value["file"]
    fields = {
        "title": spec["title"],
        "description": spec["description"],
        "video": _block(media, spec["caption"]),
    }
    translated(page, en, fields, page.owner, tags=spec["tags"])


def load_videos(data: dict[str, Any], tutor_index: TutorIndexPage, en: Locale) -> dict[str, Any]:
    """The uploaded-video posts under the tutors' pages (made after the catalog: the tutor
    pages and their English translations exist). Returns how many `posts` there are, how many
    were `created` this run, and why some are missing (`skipped`: no ffmpeg to draw them)."""
    can_draw = ffmpeg() is not None
    tutors = {page.slug: page for page in TutorPage.objects.child_of(tutor_index)}
    posts = created = 0
    for spec in data["posts"]:
        tutor = tutors[spec["tutor"]]
        page = TutorVideoPage.objects.child_of(tutor).filter(slug=spec["slug"]).first()
        if page is None:
            if not can_draw:
                continue
            page = _post(tutor, spec, data["clip"])
            created += 1
        posts += 1
        if spec.get("en") and tutor.get_translation_or_none(en) is not None:
            _english(page, spec["en"], en)
    skipped = "" if posts == len(data["posts"]) else "ffmpeg is not installed"
    return {"posts": posts, "created": created, "skipped": skipped}
