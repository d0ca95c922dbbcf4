"""Sending, editing, deleting and reading messages; attachments; the sending rate limit."""

from __future__ import annotations

import os
from datetime import timedelta

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Invalid, NotAllowed, NotFound
from core.permissions import is_staff
from learning.homework.services.answers import sniff_file

from .. import events, payloads
from .. import text as message_text
from ..app_settings import app_settings
from ..errors import BadAttachment, EditWindowClosed, MessageGone, RateLimited
from ..models import Conversation, Message, Participant
from ..permissions import can_read, require_write
from .conversations import check_not_blocked
from .reading import unread_changed, unread_counts

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "txt": "text/plain; charset=utf-8",
}


def clean_text(value: str | None, *, required: bool) -> str:
    """The text to store; ``Invalid`` (field ``text``) when too long or empty but required."""
    cleaned = message_text.clean(value)
    limit = app_settings.MESSAGING_MAX_LENGTH
    if len(cleaned) > limit:
        raise Invalid(
            _("A message can be at most %(max)s characters long (this one has %(n)s).")
            % {"max": limit, "n": len(cleaned)},
            code="max_length",
            field="text",
        )
    if required and not cleaned:
        raise Invalid(_("Write something or attach a file."), code="required", field="text")
    return cleaned


def check_attachment(upload: UploadedFile) -> str:
    """The file's kind by its content (as homework files: PDF, images, DOCX, TXT, ZIP) within
    ``MESSAGING_MAX_ATTACHMENT_SIZE``; ``BadAttachment`` otherwise."""
    limit = app_settings.MESSAGING_MAX_ATTACHMENT_SIZE
    if upload.size is None or upload.size > limit:
        raise BadAttachment(
            _("The file is larger than %(size)s MB.") % {"size": max(1, limit // (1024 * 1024))},
            code="file_too_large",
        )
    kind = sniff_file(upload)
    if kind is None:
        raise BadAttachment(
            _(
                "This kind of file is not accepted; attach a PDF, an image (JPEG, PNG, GIF, "
                "WebP), a DOCX, a TXT or a ZIP file."
            ),
            code="file_type",
        )
    return kind


def take_send_slot(user) -> None:
    """Count one message against the person's rate (a fixed window in the shared cache, as the
    feedback form's); ``RateLimited`` with the seconds left once over it (nothing is stored)."""
    window = app_settings.MESSAGING_RATE_WINDOW
    key = f"messaging:rate:{user.pk}"
    started = f"{key}:start"
    now = timezone.now().timestamp()
    if cache.add(key, 0, window):
        cache.set(started, now, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, window)
        cache.set(started, now, window)
        count = 1
    if count > app_settings.MESSAGING_RATE_LIMIT:
        cache.decr(key)  # a refused message does not use up the next window's share
        began = cache.get(started) or now
        raise RateLimited(retry_after=int(window - (now - began)) + 1)


def _others_in_direct(conversation: Conversation, user) -> list:
    if conversation.kind != Conversation.Kind.DIRECT:
        return []
    return [
        seat.user
        for seat in Participant.objects.filter(conversation=conversation)
        .exclude(user=user)
        .select_related("user")
    ]


def _announce_unread(conversation_id: int, user_ids: list[int]) -> None:
    """After the commit: each person's unread count in this conversation and in total."""
    if not user_ids:
        return
    unread_changed(user_ids)  # the menus' kept totals (now and after the commit)

    def send() -> None:
        counts = unread_counts(user_ids)
        events.send_each(
            [
                (
                    events.user_group(user_id),
                    {
                        "type": "unread",
                        "conversation": conversation_id,
                        "unread": per_conversation.get(conversation_id, 0),
                        "total": sum(per_conversation.values()),
                    },
                )
                for user_id, per_conversation in counts.items()
            ]
        )

    transaction.on_commit(send)


def send_message(
    user,
    conversation: Conversation,
    text: str = "",
    attachment: UploadedFile | None = None,
) -> Message:
    """Post a message (text and/or one file) as ``user``; every open tab of every participant
    gets it (``message.new``) and their unread counts (``unread``) after the commit.

    Refused: outsiders (404), a block either way in a direct conversation (403), an empty or
    too long text, a file of the wrong kind or size (400), more than the rate (429). In a
    support conversation a message from the person reopens it and starts the wait; one from
    staff ends the wait.
    """
    require_write(user, conversation)
    cleaned = clean_text(text, required=attachment is None)
    kind = check_attachment(attachment) if attachment is not None else ""
    for other in _others_in_direct(conversation, user):
        check_not_blocked(user, other)
    take_send_slot(user)
    staff_reply = conversation.kind == Conversation.Kind.SUPPORT and (
        is_staff(user) and conversation.created_by_id != user.pk
    )
    with transaction.atomic():
        message = Message(
            conversation=conversation, author=user, text=cleaned, from_staff=staff_reply
        )
        if attachment is not None:
            name = os.path.basename(attachment.name or "file")[:255] or "file"
            message.attachment_name = name
            message.attachment_kind = kind
            message.attachment_size = attachment.size or 0
            message.attachment.save(name, attachment, save=False)
        message.save()
        changes = {"last_message": message, "last_message_at": message.created_at}
        if conversation.kind == Conversation.Kind.SUPPORT:
            if staff_reply:
                changes["waiting_since"] = None
            else:
                changes["status"] = Conversation.Status.OPEN
                changes["waiting_since"] = conversation.waiting_since or message.created_at
        Conversation.objects.filter(pk=conversation.pk).update(**changes)
        for field, value in changes.items():
            setattr(conversation, field, value)
        # One's own message is read.
        Participant.objects.filter(conversation=conversation, user=user).update(
            last_read_message_id=message.pk, last_read_at=message.created_at
        )
        unread_changed([user.pk])
        events.to_conversation(
            conversation, {"type": "message.new", "message": payloads.message(message)}
        )
        others = list(
            Participant.objects.filter(conversation=conversation)
            .exclude(user=user)
            .values_list("user_id", flat=True)
        )
        _announce_unread(conversation.pk, others)
    return message


def get_message(user, message_id: int) -> Message:
    """A message of a conversation the person may read; ``NotFound`` otherwise."""
    message = Message.objects.select_related("conversation", "author").filter(pk=message_id).first()
    if message is None or not can_read(user, message.conversation):
        raise NotFound(_("There is no such message."))
    return message


def _require_own_and_fresh(user, message: Message) -> None:
    if message.author_id != user.pk:
        raise NotAllowed(_("You can change only your own messages."))
    if message.deleted_at is not None:
        raise MessageGone()
    minutes = app_settings.MESSAGING_EDIT_WINDOW_MINUTES
    if timezone.now() - message.created_at > timedelta(minutes=minutes):
        raise EditWindowClosed(EditWindowClosed.default_message % {"minutes": minutes})


def edit_message(user, message: Message, text: str) -> Message:
    """The author changes the text within the edit window (shown as edited)."""
    require_write(user, message.conversation)
    _require_own_and_fresh(user, message)
    cleaned = clean_text(text, required=not message.attachment)
    message.text = cleaned
    message.edited_at = timezone.now()
    with transaction.atomic():
        message.save(update_fields=["text", "edited_at"])
        events.to_conversation(
            message.conversation, {"type": "message.edited", "message": payloads.message(message)}
        )
    return message


def delete_message(user, message: Message) -> Message:
    """The author deletes their message within the edit window; staff any message (moderation).

    The row stays (shown as deleted, its text and file never served again; kept for reports)."""
    if is_staff(user):
        if message.deleted_at is not None:
            raise MessageGone()
    else:
        require_write(user, message.conversation)
        _require_own_and_fresh(user, message)
    message.deleted_at = timezone.now()
    with transaction.atomic():
        message.save(update_fields=["deleted_at"])
        events.to_conversation(
            message.conversation,
            {"type": "message.deleted", "message": payloads.message(message)},
        )
        others = list(
            Participant.objects.filter(conversation_id=message.conversation_id)
            .exclude(user_id=message.author_id)
            .values_list("user_id", flat=True)
        )
        _announce_unread(message.conversation_id, others)
    return message


def mark_read(user, conversation: Conversation, up_to: int | None = None) -> int:
    """Everything up to message ``up_to`` (default: the latest) is read by ``user``; returns
    the new mark. Never moves back. The others see a read receipt (``read``), the person's
    tabs their new counts (``unread``)."""
    require_write(user, conversation)
    latest = (
        Message.objects.filter(conversation=conversation)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    ) or 0
    mark = latest if up_to is None else min(up_to, latest)
    now = timezone.now()
    with transaction.atomic():
        moved = Participant.objects.filter(
            conversation=conversation, user=user, last_read_message_id__lt=mark
        ).update(last_read_message_id=mark, last_read_at=now)
        if moved:
            events.to_conversation(
                conversation,
                {
                    "type": "read",
                    "conversation": conversation.pk,
                    "user": payloads.person(user),
                    "last_read_message_id": mark,
                },
            )
            _announce_unread(conversation.pk, [user.pk])
    if moved:
        return mark
    return (
        Participant.objects.filter(conversation=conversation, user=user)
        .values_list("last_read_message_id", flat=True)
        .first()
        or 0
    )


def attachment_of(user, message_id: int) -> tuple[Message, str]:
    """The message whose file the person may download, and the file's content type."""
    message = get_message(user, message_id)
    if not message.attachment or message.deleted_at is not None:
        raise NotFound(_("This message has no file."))
    return message, CONTENT_TYPES.get(message.attachment_kind, "application/octet-stream")
