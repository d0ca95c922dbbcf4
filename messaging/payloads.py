"""What a message, a person and a conversation look like as JSON: the same dict for the API
(``api.py`` serializes through these) and the socket's events (``events.py``), so a page can
handle both alike. Nothing here depends on who reads it (one payload goes to every tab of
every participant); ``mine`` and the like are the reader's business.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from . import text
from .models import Message


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
