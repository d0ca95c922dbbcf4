"""What a person may play of a library video, for the player and the status API."""

from __future__ import annotations

from django.urls import reverse

from courses.models import CourseMedia
from courses.permissions import can_download_library_file

from ..errors import VideoNotAllowed
from ..models import Transcode
from ..sources import VideoSources


def output_url(media: CourseMedia, name: str) -> str:
    """A file of the finished transcode, served after the access check (``views``)."""
    return reverse("videos:file", args=[media.pk, name])


def transcode_of(media: CourseMedia) -> Transcode | None:
    try:
        return media.transcode
    except Transcode.DoesNotExist:
        return None


def sources_for(media: CourseMedia, user) -> VideoSources | None:
    """The player's sources of ``media`` for ``user``; None when they may not watch it.

    Until the transcode is ready the original is offered (``file_url``) beside the status and
    progress; once ready, the HLS master playlist, the poster and the seek previews. An
    original deleted after transcoding (``VIDEOS_KEEP_ORIGINAL`` off) has no ``file_url``.
    """
    if not can_download_library_file(user, media):
        return None
    return _sources(media, transcode_of(media))


def _sources(media: CourseMedia, job: Transcode | None) -> VideoSources:
    file_url = "" if job is not None and job.original_dropped else media.url
    if job is None:
        return VideoSources(
            media_id=media.pk,
            title=media.title,
            status="ready" if media.type != "video" else Transcode.Status.PENDING,
            file_url=file_url,
            duration=float(media.duration or 0),
            width=media.width or 0,
            height=media.height or 0,
        )
    ready = job.is_ready
    return VideoSources(
        media_id=media.pk,
        title=media.title,
        status=job.status,
        progress=100 if ready else job.progress,
        hls_url=output_url(media, "master.m3u8") if ready else "",
        file_url=file_url,
        poster_url=output_url(media, job.poster) if ready and job.poster else "",
        thumbnails_url=output_url(media, job.thumbnails) if ready and job.thumbnails else "",
        duration=job.duration or float(media.duration or 0),
        width=job.width or media.width or 0,
        height=job.height or media.height or 0,
    )


def status_for(media: CourseMedia, user) -> tuple[Transcode | None, VideoSources]:
    """The transcode and the sources, for a person who may watch the video; the error's
    wording is for those who may edit it (``can_see_error``)."""
    sources = sources_for(media, user)
    if sources is None:
        raise VideoNotAllowed
    return transcode_of(media), sources


def can_see_error(user, media: CourseMedia) -> bool:
    return bool(user.is_authenticated and media.is_editable_by_user(user))
