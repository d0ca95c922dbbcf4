"""Captions of a library video: editors of the video add and remove WebVTT tracks; people who
may watch the video read them."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from courses.models import CourseMedia

from ..models import CaptionTrack
from ..permissions import require_can_edit_captions, require_can_watch


def caption_tracks(user: User, media: CourseMedia) -> list[CaptionTrack]:
    """The video's tracks, the default first, for someone who may watch it."""
    require_can_watch(user, media)
    return list(media.caption_tracks.all())


def open_caption(user: User, track: CaptionTrack):
    """The track's file opened for reading (after the video's access check)."""
    require_can_watch(user, track.media)
    return track.file.storage.open(track.file.name, "rb")


@transaction.atomic
def add_caption(
    user: User, media: CourseMedia, *, language: str, label: str, file, default: bool = False
) -> CaptionTrack:
    """A new track (or a new file for the language's track); ``ValidationError`` on a file that
    is not WebVTT. A new default track takes the flag from the previous one."""
    require_can_edit_captions(user, media)
    track = CaptionTrack.objects.filter(media=media, language=language).first() or CaptionTrack(
        media=media, language=language
    )
    track.label, track.file, track.is_default = label, file, default
    track.full_clean(validate_unique=False, validate_constraints=False)
    if default:
        CaptionTrack.objects.filter(media=media, is_default=True).exclude(pk=track.pk).update(
            is_default=False
        )
    track.save()
    return track


@transaction.atomic
def delete_caption(user: User, track: CaptionTrack) -> None:
    require_can_edit_captions(user, track.media)
    track.file.delete(save=False)
    track.delete()
