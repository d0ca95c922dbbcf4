"""What the services tell open sockets, after the transaction commits.

Channel groups: ``conversation-<id>`` (every socket of every participant, joined on connect
and on ``conversation.joined``), ``user-<id>`` (every socket of one person: unread counts,
joining and leaving conversations) and ``support-team`` (staff sockets: support conversations
they do not take part in). Each event is ``{"type": "messaging.event", "event": {...}}``; the
consumer forwards ``event`` as the JSON frame, after checking that the socket is still in the
conversation (README.md, "Messages over WebSocket", lists the frames).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

SUPPORT_TEAM = "support-team"


def conversation_group(conversation_id: int) -> str:
    return f"conversation-{conversation_id}"


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


def send_each(sends: list[tuple[str, dict[str, Any]]], *, support: bool = False) -> None:
    """Send each ``(group, event)`` now, all in one call into the layer: ``async_to_sync``
    starts an event loop, and channels-redis a Redis connection, per call (about 3 ms each),
    which one per participant made the most of a group message's cost (docs/benchmarks.md)."""
    layer = get_channel_layer()
    if layer is None or not sends:
        return

    async def send_all() -> None:
        for group, event in sends:
            envelope = {"type": "messaging.event", "event": event, "support": support}
            try:
                await layer.group_send(group, envelope)
            except Exception:  # noqa: BLE001 - a socket event must never undo or fail a sent message
                logger.exception("could not publish %s to %s", event.get("type"), group)

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: a sync caller with no event loop in its thread
        async_to_sync(send_all)()
        return
    # A sync caller inside a thread that runs an event loop (a management command under a
    # test's browser): async_to_sync refuses there, and events are best-effort, so say so.
    logger.warning("socket events not sent (%d): called from a running event loop", len(sends))


def _send(groups: list[str], event: dict[str, Any], *, support: bool = False) -> None:
    send_each([(group, event) for group in groups], support=support)


def publish(groups: list[str], event: dict[str, Any], *, support: bool = False) -> None:
    """Send ``event`` to the groups once the current transaction commits (at once outside one).

    ``support`` marks a support conversation's event, which staff sockets accept."""
    transaction.on_commit(lambda: _send(groups, event, support=support))


def to_conversation(conversation, event: dict[str, Any]) -> None:
    groups = [conversation_group(conversation.pk)]
    support = conversation.kind == "support"
    if support:
        groups.append(SUPPORT_TEAM)
    publish(groups, event, support=support)


def to_user(user_id: int, event: dict[str, Any]) -> None:
    publish([user_group(user_id)], event)
