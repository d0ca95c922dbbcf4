"""What the player template needs: the sources of a library video that has no transcode (yet),
and the texts the player's script shows, translated here."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import is_signed_in
from courses.models import CourseMedia

from .sources import Caption, VideoSources

# No transcode yet: the pipeline has not started on it (or never will, for an old upload).
PENDING = "pending"


def caption_list(media: CourseMedia) -> list[Caption]:
    """The video's caption tracks as the player's ``Caption``s (their files' protected URLs)."""
    return [
        Caption(
            language=track.language,
            label=track.label,
            url=reverse("video-player:caption-file", args=[track.pk]),
            default=track.is_default,
        )
        for track in media.caption_tracks.all()
    ]


def position_url(media: CourseMedia, user) -> str:
    """Where the player keeps the person's position: only signed-in people have one."""
    return reverse("api:video-position", args=[media.pk]) if is_signed_in(user) else ""


def pending_sources(media: CourseMedia, user) -> VideoSources:
    """A video with no finished transcode: its original file, streamed by
    ``courses.views.media_file`` (which checks access), with its poster and captions."""
    return VideoSources(
        media_id=media.pk,
        title=media.title,
        status=PENDING,
        file_url=media.url,
        poster_url=media.thumbnail.url if media.thumbnail else "",
        duration=float(media.duration or 0),
        width=media.width or 0,
        height=media.height or 0,
        captions=caption_list(media),
        position_url=position_url(media, user),
    )


def player_texts() -> dict[str, str]:
    """The player script's labels in the page's language (``data-texts``)."""
    return {
        "quality": _("Quality"),
        "auto": _("Auto"),
        "autoLevel": _("Auto (%(level)s)"),
        "captions": _("Captions"),
        "captionsOn": _("Captions on: %(label)s"),
        "captionsOff": _("Captions off"),
        "resumed": _("Resumed at %(time)s"),
        "playing": _("Playing"),
        "paused": _("Paused"),
        "volume": _("Volume %(percent)s %%"),
        "unavailable": _("This video cannot be played right now."),
    }
