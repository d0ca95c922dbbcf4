"""Conversations, their participants and messages; blocks and reports.

A group conversation's participants are kept as rows, in step with the timetable group's
membership by signals (signals.py): the conversation list, the unread counts and the socket's
subscriptions then all read one indexed table in one query each, and a membership change is
the moment the person's open sockets are told to leave the conversation. The group stays the
truth: ``services.sync_group_participants`` makes the rows match it and is run on every
membership or teacher change and whenever the conversation is opened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.storages import private_storage


class Conversation(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", _("Direct")
        GROUP = "group", _("Group")
        SUPPORT = "support", _("Support")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # One direct conversation per pair: "<smaller id>:<larger id>" (unique).
    pair_key = models.CharField(max_length=41, null=True, blank=True, unique=True, editable=False)
    group = models.OneToOneField(
        "schedule.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conversation",
    )
    # Support: the person who asked, and the team's side of it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_conversations",
    )
    # Support: since when the person's latest messages wait for the team (None: answered).
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["created_by"],
                condition=Q(kind="support"),
                name="messaging_one_support_conversation_per_person",
            ),
        ]
        indexes = [
            # The support inbox: open ones, longest waiting first.
            models.Index(fields=["kind", "status", "waiting_since"], name="messaging_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_seats"
    )
    # Everything up to this message id has been read (0: nothing).
    last_read_message_id = models.BigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    # The digest e-mail has told the person of everything up to this message id.
    notified_message_id = models.BigIntegerField(default=0)
    muted = models.BooleanField(_("muted"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conversation"], name="messaging_one_seat_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="messages_written",
    )
    # Plain text as typed (control characters removed); pages escape it and link URLs.
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to="messages/%Y/%m/", storage=private_storage, blank=True
    )
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_kind = models.CharField(max_length=8, blank=True)  # by content: pdf, png, …
    attachment_size = models.PositiveBigIntegerField(default=0)
    # Support: written by the school's team.
    from_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # A page of a conversation (cursor on id, either way) and its unread counts.
            models.Index(fields=["conversation", "id"], name="messaging_page_idx"),
            # The digest's scan of recent unread messages.
            models.Index(fields=["created_at"], name="messaging_created_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} in {self.conversation_id}"


class Block(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="messaging_block_once"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MessageReport(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_reports"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message report")
        verbose_name_plural = _("message reports")
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="messaging_report_once"),
        ]
        indexes = [models.Index(fields=["resolved", "created_at"], name="messaging_reports_idx")]

    def __str__(self) -> str:
        return f"report on {self.message_id}"
