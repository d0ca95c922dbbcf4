"""Captions (subtitles) of a library video: WebVTT files editors upload, kept private like the
video and served by ``videos.views_captions`` after the same access check."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.storages import private_storage

from ..app_settings import app_settings

__all__ = ["CaptionTrack", "validate_webvtt"]

# "WEBVTT" alone on the line or followed by a space or tab and a header (the WebVTT spec);
# a UTF-8 byte order mark may come first.
_SIGNATURE = re.compile(r"\AWEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|\Z)")


def validate_webvtt(file) -> None:
    """Refuses anything that is not a WebVTT file in UTF-8 within the size limit."""
    limit = app_settings.VIDEOS_CAPTION_MAX_SIZE
    if file.size > limit:
        raise ValidationError(
            _("The captions file is too large (at most %(limit)s)."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The captions file must be UTF-8 text."), code="not_utf8") from None
    if not _SIGNATURE.match(text):
        raise ValidationError(
            _("This is not a WebVTT file: its first line must be WEBVTT."), code="not_webvtt"
        )


class CaptionTrack(models.Model):
    media = models.ForeignKey(
        "courses.CourseMedia",
        on_delete=models.CASCADE,
        related_name="caption_tracks",
        verbose_name=_("video"),
    )
    language = models.CharField(
        _("language"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$",
                _("A language code such as ru, en or pt-BR."),
            )
        ],
        help_text=_("A language code such as ru, en or pt-BR."),
    )
    label = models.CharField(
        _("label"), max_length=60, help_text=_("Shown in the player's captions menu.")
    )
    file = models.FileField(
        _("WebVTT file"),
        upload_to="captions",
        storage=private_storage,
        validators=[validate_webvtt],
    )
    is_default = models.BooleanField(
        _("on by default"), default=False, help_text=_("Shown when the video starts.")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("captions")
        verbose_name_plural = _("captions")
        ordering = ["media", "-is_default", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["media", "language"], name="videos_caption_language_per_media"
            ),
            models.UniqueConstraint(
                fields=["media"], condition=Q(is_default=True), name="videos_one_default_caption"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.language})"
