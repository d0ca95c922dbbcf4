"""Blocking people, reporting messages and the moderators' answer to reports."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import Invalid

from ..app_settings import app_settings
from ..errors import ReportResolved
from ..models import Block, Message, MessageReport
from ..text import clean
from .messages import delete_message
from .support import require_support_team


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


def open_reports(staff) -> QuerySet[MessageReport]:
    """Reports nobody has dealt with, the newest first, with the message, its author and
    conversation and the reporter in the same query (the moderators' queue)."""
    require_support_team(staff)
    return (
        MessageReport.objects.filter(resolved=False)
        .select_related("message__author", "message__conversation", "reporter")
        .order_by("-created_at", "-pk")
    )


def _locked_open(report: MessageReport) -> MessageReport:
    row = MessageReport.objects.select_for_update().filter(pk=report.pk, resolved=False).first()
    if row is None:  # another moderator was first
        raise ReportResolved()
    return row


@transaction.atomic
def dismiss_report(staff, report: MessageReport) -> MessageReport:
    """The message stays: this report is closed (others on the same message stay open)."""
    require_support_team(staff)
    row = _locked_open(report)
    row.resolved, row.resolved_by = True, staff
    row.save(update_fields=["resolved", "resolved_by"])
    report.resolved, report.resolved_by = True, staff
    return report


@transaction.atomic
def remove_reported_message(staff, report: MessageReport) -> int:
    """Delete the reported message as a moderator (``delete_message``'s staff path: the row
    stays for the record, its text and file are never served again, open tabs see it go) and
    close every open report on it. Returns how many reports were closed."""
    require_support_team(staff)
    _locked_open(report)
    message = Message.objects.select_related("conversation").get(pk=report.message_id)
    if message.deleted_at is None:  # its author may have deleted it since the report
        delete_message(staff, message)
    return MessageReport.objects.filter(message=message, resolved=False).update(
        resolved=True, resolved_by=staff
    )
