"""An upload in progress: a file sent in parts (S3 multipart, or our own PUT endpoint), resumable
until it is completed into a library video (``courses.CourseMedia``) or aborted."""

from __future__ import annotations

import math
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadSession(models.Model):
    class Backend(models.TextChoices):
        LOCAL = "local", _("Local storage")
        S3 = "s3", _("S3")

    class Status(models.TextChoices):
        OPEN = "open", _("Uploading")
        COMPLETING = "completing", _("Checking the file")
        COMPLETE = "complete", _("Complete")
        ABORTED = "aborted", _("Cancelled")
        FAILED = "failed", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="video_uploads",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(
        _("claimed content type"), max_length=100, blank=True, help_text=_("As the browser said.")
    )
    part_size = models.PositiveIntegerField(_("part size in bytes"))
    backend = models.CharField(_("backend"), max_length=8, choices=Backend.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    error = models.TextField(_("error"), blank=True)
    # The finished file's name in the library's storage ("media/…"): on S3 the multipart
    # upload writes to it directly, locally the parts are put together there.
    storage_key = models.CharField(_("storage key"), max_length=500)
    s3_upload_id = models.CharField(_("S3 upload id"), max_length=1024, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    media = models.ForeignKey(
        "courses.CourseMedia",
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("video upload")
        verbose_name_plural = _("video uploads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def part_count(self) -> int:
        return max(1, math.ceil(self.size / self.part_size))

    def expected_part_size(self, number: int) -> int:
        """Every part is ``part_size`` but the last, which holds what is left."""
        if number < self.part_count:
            return self.part_size
        return self.size - self.part_size * (self.part_count - 1)


class UploadPart(models.Model):
    """A part stored by the local backend (S3 keeps its own list of parts)."""

    session = models.ForeignKey(UploadSession, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField(_("number"))
    size = models.PositiveIntegerField(_("size in bytes"))
    etag = models.CharField(_("ETag"), max_length=64)
    key = models.CharField(_("storage key"), max_length=500)
    stored_at = models.DateTimeField(_("stored at"), auto_now=True)

    class Meta:
        verbose_name = _("uploaded part")
        verbose_name_plural = _("uploaded parts")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="one_upload_part_each")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.number}"
