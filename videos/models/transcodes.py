"""What transcoding made of a library video: its HLS renditions, poster and seek previews."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import CourseMedia


class Transcode(models.Model):
    """One per video of the media library; a new file starts it over."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        PROBING = "probing", _("Reading the file")
        TRANSCODING = "transcoding", _("Transcoding")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    media = models.OneToOneField(
        CourseMedia, on_delete=models.CASCADE, related_name="transcode", verbose_name=_("video")
    )
    # The media's file name this job reads: a different one on the media means a new upload.
    source_name = models.CharField(_("source file"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    duration = models.FloatField(_("duration, s"), default=0)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    # [{"height", "width", "bandwidth", "playlist"}], smallest first.
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    # The private storage folder ("hls/<media>/<run>/") holding the playlists, segments,
    # poster and thumbnails of the finished run; empty until one finished.
    prefix = models.CharField(_("storage folder"), max_length=200, blank=True)
    # The folder of the run under way: it becomes ``prefix`` when the run finishes, and a run
    # that finds another token here was superseded and throws its output away.
    run_token = models.CharField(max_length=64, blank=True, editable=False)
    poster = models.CharField(_("poster"), max_length=200, blank=True)
    thumbnails = models.CharField(_("thumbnails (WebVTT)"), max_length=200, blank=True)
    thumbnail_sprite = models.CharField(_("thumbnail strip"), max_length=200, blank=True)
    original_dropped = models.BooleanField(_("original deleted"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("video transcode")
        verbose_name_plural = _("video transcodes")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.media} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.prefix)

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.PROBING, self.Status.TRANSCODING}
