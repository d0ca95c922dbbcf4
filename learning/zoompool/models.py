"""The pool of paid Zoom accounts, the webhook events heard from Zoom, and lesson recordings.

One pool account hosts one meeting at a time (one Zoom licence), so the pool's size is the
number of lessons that can run at once. An account is lent to a lesson for its length
(``is_busy`` + ``current_lesson``) and comes back when Zoom says the meeting ended or the
sweep finds the lesson long over (services.py).
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.storages import private_storage

from .crypto import EncryptedTextField


class ZoomAccount(models.Model):
    """A Zoom Server-to-Server OAuth app and the licensed user who hosts its meetings."""

    label = models.CharField(_("label"), max_length=100, unique=True)
    account_id = models.CharField(
        _("Zoom account ID"), max_length=100, help_text=_("From the app's App Credentials page.")
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    # Encrypted at rest (crypto.py) and never shown back in the admin.
    client_secret = EncryptedTextField(_("client secret"))
    webhook_secret_token = EncryptedTextField(
        _("webhook secret token"),
        blank=True,
        help_text=_("From the app's Features → Event Subscriptions; signs Zoom's webhooks."),
    )
    zoom_user_id = models.CharField(
        _("Zoom user"),
        max_length=200,
        default="me",
        help_text=_(
            "E-mail or ID of the licensed Zoom user who hosts this account's meetings; "
            "“me” is the app's owner."
        ),
    )
    # Demo and test accounts only: their API and OAuth calls go here instead of Zoom. Not
    # editable in the admin: pointing a stored secret at another server would reveal it.
    endpoint_override = models.URLField(max_length=200, blank=True, editable=False)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive accounts are never lent to a lesson.")
    )
    is_busy = models.BooleanField(_("busy"), default=False, db_index=True)
    current_lesson = models.OneToOneField(
        "schedule.LiveLesson",
        verbose_name=_("current lesson"),
        null=True,
        blank=True,
        # A deleted lesson leaves the account busy with no lesson: the sweep frees it.
        on_delete=models.SET_NULL,
        related_name="zoom_account",
    )
    busy_since = models.DateTimeField(_("busy since"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Zoom account")
        verbose_name_plural = _("Zoom accounts")
        ordering = ["label", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_lesson__isnull=True) | Q(is_busy=True),
                name="zoom_account_holding_a_lesson_is_busy",
            )
        ]

    def __str__(self) -> str:
        return self.label


class ZoomEvent(models.Model):
    """A webhook event already acted on: Zoom may deliver one twice, late, or again."""

    event = models.CharField(_("event"), max_length=64)
    # The meeting's uuid for meeting.ended (it fires again when a host rejoins).
    key = models.CharField(_("key"), max_length=255)
    account = models.ForeignKey(
        ZoomAccount,
        verbose_name=_("Zoom account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zoom event")
        verbose_name_plural = _("Zoom events")
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="zoom_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.key}"


def recording_upload_to(instance: "LessonRecording", filename: str) -> str:
    # An unguessable folder: media URLs of recordings must not be enumerable.
    return f"recordings/{instance.lesson_id}/{secrets.token_urlsafe(16)}/{filename}"


class LessonRecording(models.Model):
    """A cloud recording of a lesson, copied from Zoom into the project's media storage."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for download")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Download failed")

    lesson = models.ForeignKey(
        "schedule.LiveLesson",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="recordings",
    )
    account = models.ForeignKey(
        ZoomAccount,
        verbose_name=_("Zoom account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recordings",
    )
    zoom_file_id = models.CharField(_("Zoom recording file"), max_length=128, unique=True)
    zoom_meeting_uuid = models.CharField(max_length=64, blank=True)
    file_type = models.CharField(_("file type"), max_length=16, blank=True)
    url = models.URLField(_("Zoom link"), max_length=2000, blank=True)
    download_url = models.URLField(max_length=2000, blank=True)
    # Valid 24 hours (Zoom's recording.completed event); kept encrypted like other secrets.
    download_token = EncryptedTextField(blank=True)
    file = models.FileField(
        _("file"),
        upload_to=recording_upload_to,
        storage=private_storage,
        max_length=500,
        blank=True,
    )
    duration = models.DurationField(_("duration"), null=True, blank=True)
    size = models.BigIntegerField(_("size, bytes"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    download_error = models.TextField(_("download error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("download attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson recording")
        verbose_name_plural = _("lesson recordings")
        ordering = ["lesson", "recorded_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.lesson} · {self.file_type or _('recording')}"


class OrphanedMeeting(models.Model):
    """A meeting Zoom had on a pool account that the pool did not hold (a create that timed
    out but reached Zoom, a lesson deleted while live …), and what the reconciliation did
    with it (services/reconcile.py). Shown in the admin under Video pool."""

    class Action(models.TextChoices):
        ENDED = "ended", _("Ended")
        DELETED = "deleted", _("Deleted")
        FAILED = "failed", _("Could not be removed")

    account = models.ForeignKey(
        ZoomAccount,
        verbose_name=_("Zoom account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orphaned_meetings",
    )
    meeting_id = models.CharField(_("Zoom meeting"), max_length=32)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    was_live = models.BooleanField(_("was live"), default=False)
    meeting_start = models.DateTimeField(_("meeting start"), null=True, blank=True)
    made_at = models.DateTimeField(_("made at Zoom"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    error = models.TextField(_("error"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("orphaned meeting")
        verbose_name_plural = _("orphaned meetings")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.get_action_display()}"
