"""Building a conversation's answer and the schema's example message."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
)

from .. import payloads, services


def one_conversation(user, conversation_id: int) -> dict:
    conversation = services.get_conversation(user, conversation_id)
    seat = (
        services.conversations_for(user).filter(conversation=conversation).first()
    )  # None for the support team
    if seat is not None:
        return payloads.conversation(seat.conversation, user, seat)
    return payloads.conversation(conversation, user, None)


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
