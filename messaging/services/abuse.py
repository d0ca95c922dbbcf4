"""Blocking people and reporting messages."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import Invalid

from ..app_settings import app_settings
from ..models import Block, Message, MessageReport
from ..text import clean


def block(user, other) -> Block:
    """``other`` can no longer write to ``user`` (nor ``user`` to them until unblocked): new
    direct conversations and messages in an existing one are refused. Idempotent."""
    if other.pk == user.pk:
        raise Invalid(_("You cannot block yourself."), field="user")
    row, _created = Block.objects.get_or_create(blocker=user, blocked=other)
    return row


def unblock(user, other) -> bool:
    """True when there was a block to lift."""
    deleted, _rows = Block.objects.filter(blocker=user, blocked=other).delete()
    return bool(deleted)


def blocked_by(user) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


def report_message(user, message: Message, reason: str = "") -> tuple[MessageReport, bool]:
    """Tell the moderators about a message (someone else's, in a conversation the person may
    read: the caller got it through ``get_message``); once per person and message."""
    if message.author_id == user.pk:
        raise Invalid(_("You cannot report your own message."), code="own_message")
    reason = clean(reason)[: app_settings.MESSAGING_REPORT_REASON_LENGTH]
    try:
        with transaction.atomic():
            return MessageReport.objects.get_or_create(
                message=message, reporter=user, defaults={"reason": reason}
            )
    except IntegrityError:
        return MessageReport.objects.get(message=message, reporter=user), False
