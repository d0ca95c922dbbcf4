"""The messages socket: ``/ws/messages/`` (README.md, "Messages over WebSocket").

On connect the socket joins its person's group (``user-<id>``), one group per conversation
they take part in and, for staff, the support team's. It forwards the services' events
(``events.py``) and checks each against the conversations it holds, so a frame about a
conversation the person is not in is dropped even if it reached the socket: joining happens
only after a permission check (on connect, on ``subscribe``, on ``conversation.joined``),
leaving at once on ``conversation.left`` (a group membership ended).

The page sends ``ping`` (every 30 s; keeps the person present for the digest), ``read`` and
``subscribe``. Messages are sent through the API, which answers refusals (rate limit, block)
with their status.

A socket lives no longer than what signed it in: one signed in with a JWT is closed with
``NOT_SIGNED_IN`` when the token expires (``token_expires``, put in the scope by ``auth.py``),
and every ``ping`` checks that the person is still active and their credentials unchanged (a
new password or "sign out everywhere" ends sessions and tokens alike: ``User.credentials_hash``).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from accounts.models import User
from core.errors import DomainError
from core.ids import parse_id
from core.permissions import is_staff

from . import events, payloads, presence, services
from .models import Conversation, Participant
from .permissions import can_read

# Close codes: the handshake is refused with 403 before accept; after it, these say why.
# NOT_SIGNED_IN also ends a socket whose token expired or whose person signed out everywhere,
# was deactivated or changed their password: sign in again (refresh the token) and reconnect.
NOT_SIGNED_IN = 4401


@database_sync_to_async
def _still_signed_in(user_id: int, credentials: str) -> bool:
    """Whether the person is still active with the credentials the socket was opened with."""
    user = User.objects.filter(pk=user_id).only("is_active", "password", "sign_out_generation")
    user = user.first()
    return user is not None and user.is_active and user.credentials_hash() == credentials


@database_sync_to_async
def _seats(user) -> tuple[list[int], int]:
    ids = list(Participant.objects.filter(user=user).values_list("conversation_id", flat=True))
    return ids, services.unread_total(user)


@database_sync_to_async
def _may_read(user, conversation_id: int) -> bool:
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    return conversation is not None and can_read(user, conversation)


@database_sync_to_async
def _mark_read(user, conversation_id: int, up_to: int | None) -> int:
    conversation = services.get_conversation(user, conversation_id)
    return services.mark_read(user, conversation, up_to)


class MessagesConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=NOT_SIGNED_IN)
            return
        self.user = user
        self.credentials = user.credentials_hash()
        self.staff = is_staff(user)
        self.conversations: set[int] = set()
        self.expiry: asyncio.Task | None = None
        await self.accept()
        expires = self.scope.get("token_expires")
        if expires is not None:
            self.expiry = asyncio.create_task(self._close_at(expires))
        ids, unread = await _seats(user)
        await self.channel_layer.group_add(events.user_group(user.pk), self.channel_name)
        if self.staff:
            await self.channel_layer.group_add(events.SUPPORT_TEAM, self.channel_name)
        for conversation_id in ids:
            await self._join(conversation_id)
        await database_sync_to_async(presence.connected)(user.pk)
        await self.send_json(
            {
                "type": "hello",
                "user": payloads.person(user),
                "conversations": sorted(self.conversations),
                "unread_total": unread,
            }
        )

    async def _close_at(self, expires: float) -> None:
        await asyncio.sleep(max(0.0, expires - time.time()))
        await self.close(code=NOT_SIGNED_IN)

    async def disconnect(self, code) -> None:
        user = getattr(self, "user", None)
        if user is None:
            return
        if self.expiry is not None:
            self.expiry.cancel()  # the consumer ends with the socket; the timer must too
        await database_sync_to_async(presence.disconnected)(user.pk)
        await self.channel_layer.group_discard(events.user_group(user.pk), self.channel_name)
        if self.staff:
            await self.channel_layer.group_discard(events.SUPPORT_TEAM, self.channel_name)
        for conversation_id in list(self.conversations):
            await self._leave(conversation_id)

    async def _join(self, conversation_id: int) -> None:
        self.conversations.add(conversation_id)
        await self.channel_layer.group_add(
            events.conversation_group(conversation_id), self.channel_name
        )

    async def _leave(self, conversation_id: int) -> None:
        self.conversations.discard(conversation_id)
        await self.channel_layer.group_discard(
            events.conversation_group(conversation_id), self.channel_name
        )

    async def _error(self, code: str, detail: str, **extra: Any) -> None:
        await self.send_json({"type": "error", "code": code, "detail": detail, **extra})

    # What the page sends.

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict):
            await self._error("invalid", "Send a JSON object with a type.")
            return
        kind = content.get("type")
        if kind == "ping":
            if not await _still_signed_in(self.user.pk, self.credentials):
                await self.close(code=NOT_SIGNED_IN)
                return
            await database_sync_to_async(presence.heartbeat)(self.user.pk)
            await self.send_json({"type": "pong"})
        elif kind == "subscribe":
            conversation_id = parse_id(content.get("conversation"))
            if conversation_id is None or not await _may_read(self.user, conversation_id):
                await self._error("not_found", "There is no such conversation.", request=kind)
                return
            await self._join(conversation_id)
            await self.send_json({"type": "subscribed", "conversation": conversation_id})
        elif kind == "read":
            conversation_id = parse_id(content.get("conversation"))
            up_to = content.get("message")
            up_to = parse_id(up_to) if up_to is not None else None
            if conversation_id is None:
                await self._error("invalid", "Name the conversation.", request=kind)
                return
            try:
                await _mark_read(self.user, conversation_id, up_to)
            except DomainError as error:
                await self._error(error.code, str(error), request=kind)
        else:
            await self._error("invalid", "Unknown type.", request=kind)

    # What the services publish (events.py): {"type": "messaging.event", "event": {...}}.

    async def messaging_event(self, envelope: dict) -> None:
        event = envelope["event"]
        kind = event.get("type")
        if kind == "conversation.joined":
            if await _may_read(self.user, event["conversation"]):
                await self._join(event["conversation"])
                await self.send_json(event)
            return
        if kind == "conversation.left":
            await self._leave(event["conversation"])
            await self.send_json(event)
            return
        if kind == "unread":  # only ever sent to the person's own group
            await self.send_json(event)
            return
        conversation_id = event.get("conversation") or event.get("message", {}).get("conversation")
        if conversation_id in self.conversations or (self.staff and envelope.get("support")):
            await self.send_json(event)
