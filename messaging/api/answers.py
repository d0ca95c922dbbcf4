"""Building a conversation's answer and the schema's example message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
)

from .. import payloads, services
from ..models import Conversation, Participant


def _title(conversation: Conversation, others: list) -> str:
    if conversation.kind == Conversation.Kind.GROUP and conversation.group is not None:
        return conversation.group.name
    if conversation.kind == Conversation.Kind.SUPPORT:
        return str(_("Support"))
    return ", ".join(p["name"] for p in others) or str(_("Conversation"))


def conversation_data(conversation: Conversation, user, seat: Participant | None) -> dict:
    seats = list(conversation.participants.all())
    others = [s for s in seats if s.user_id != user.pk]
    people = [payloads.person(s.user) for s in others]
    if conversation.kind == Conversation.Kind.SUPPORT and conversation.created_by_id != user.pk:
        asker = payloads.person(conversation.created_by)  # the team sees who asked
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
        "assigned_to": payloads.person(conversation.assigned_to),
        "waiting_since": conversation.waiting_since,
        "last_message": payloads.message(last) if last is not None else None,
        "last_message_at": conversation.last_message_at,
        "unread": getattr(seat, "unread", 0) if seat else 0,
        "muted": seat.muted if seat else False,
        "last_read_message_id": seat.last_read_message_id if seat else 0,
        "read_marks": [
            {"user": payloads.person(s.user), "last_read_message_id": s.last_read_message_id}
            for s in others
        ],
    }


def one_conversation(user, conversation_id: int) -> dict:
    conversation = services.get_conversation(user, conversation_id)
    seat = (
        services.conversations_for(user).filter(conversation=conversation).first()
    )  # None for the support team
    if seat is not None:
        return conversation_data(seat.conversation, user, seat)
    return conversation_data(conversation, user, None)


MESSAGE_EXAMPLE = OpenApiExample(
    "A message",
    value={
        "id": 812,
        "conversation": 41,
        "author": {"id": "6c1f0e7a-1b1e-4a8e-9a59-3f2f9a0d2b11", "name": "Анна Петрова"},
        "text": "Добрый день! Материалы: https://example.com/notes",
        "html": 'Добрый день! Материалы: <a href="https://example.com/notes" '
        'rel="nofollow">https://example.com/notes</a>',
        "attachment": None,
        "from_staff": False,
        "created_at": "2026-12-03T10:15:00+03:00",
        "edited_at": None,
        "deleted_at": None,
    },
    response_only=True,
)
