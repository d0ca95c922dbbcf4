"""What a message, a person and a conversation look like as JSON: the same dict for the API
(``api.py`` serializes through these) and the socket's events (``events.py``), so a page can
handle both alike. Nothing here depends on who reads it (one payload goes to every tab of
every participant); ``mine`` and the like are the reader's business.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import text
from .models import Conversation, Message, Participant


def person(user) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": str(user.public_id), "name": user.get_full_name() or user.get_short_name()}


def attachment(message: Message) -> dict[str, Any] | None:
    if not message.attachment or message.deleted_at:
        return None
    return {
        "name": message.attachment_name,
        "kind": message.attachment_kind,
        "size": message.attachment_size,
        "url": reverse("api:message-attachment", kwargs={"pk": message.pk}),
    }


def message(message: Message) -> dict[str, Any]:
    """A message; a deleted one keeps its place with no text or file."""
    deleted = message.deleted_at is not None
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": person(message.author),
        "text": "" if deleted else message.text,
        "html": "" if deleted else str(text.render(message.text)),
        "attachment": attachment(message),
        "from_staff": message.from_staff,
        "created_at": message.created_at.isoformat(),
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted_at": message.deleted_at.isoformat() if deleted else None,
    }


def _title(conversation: Conversation, others: list) -> str:
    if conversation.kind == Conversation.Kind.GROUP and conversation.group is not None:
        return conversation.group.name
    if conversation.kind == Conversation.Kind.SUPPORT:
        return str(_("Support"))
    return ", ".join(p["name"] for p in others) or str(_("Conversation"))


def conversation(conversation: Conversation, user, seat: Participant | None) -> dict[str, Any]:
    """A conversation as ``user`` sees it: the others (for the team, who asked), the last
    message, the seat's unread count and read mark, the others' read marks (receipts)."""
    seats = list(conversation.participants.all())
    others = [s for s in seats if s.user_id != user.pk]
    people = [person(s.user) for s in others]
    if conversation.kind == Conversation.Kind.SUPPORT and conversation.created_by_id != user.pk:
        asker = person(conversation.created_by)  # the team sees who asked
        people = [asker] if asker else []
    last = conversation.last_message
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "title": _title(conversation, people),
        "people": people,
        "group": (
            {"id": conversation.group.pk, "name": conversation.group.name}
            if conversation.group is not None
            else None
        ),
        "status": conversation.status,
        "assigned_to": person(conversation.assigned_to),
        "waiting_since": conversation.waiting_since,
        "last_message": message(last) if last is not None else None,
        "last_message_at": conversation.last_message_at,
        "unread": getattr(seat, "unread", 0) if seat else 0,
        "muted": seat.muted if seat else False,
        "last_read_message_id": seat.last_read_message_id if seat else 0,
        "read_marks": [
            {"user": person(s.user), "last_read_message_id": s.last_read_message_id} for s in others
        ],
    }
