"""The support team's side: the inbox, assigning, closing (a new message from the person
reopens: ``messages.send_message``). Staff only; each function checks."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import Invalid
from core.permissions import require

from .. import events, payloads
from ..errors import NotInConversation
from ..models import Conversation
from ..permissions import on_support_team

Scope = Literal["unassigned", "mine", "all"]


def require_support_team(user) -> None:
    require(on_support_team(user), _("Only the support team can do this."))


def _require_support(conversation: Conversation) -> None:
    if conversation.kind != Conversation.Kind.SUPPORT:
        raise Invalid(_("This is not a support conversation."), code="not_support")


def support_inbox(
    staff, scope: Scope = "unassigned", status: str = Conversation.Status.OPEN
) -> QuerySet[Conversation]:
    """Support conversations for the admin's listing: ``unassigned``, ``mine`` or ``all``,
    open (default) or closed; the longest waiting first, then the most recent. The person, the
    assignee and the last message come in the same query."""
    require_support_team(staff)
    rows = Conversation.objects.filter(kind=Conversation.Kind.SUPPORT, status=status)
    if scope == "unassigned":
        rows = rows.filter(assigned_to__isnull=True)
    elif scope == "mine":
        rows = rows.filter(assigned_to=staff)
    # Answered ones (no wait) after the waiting ones on every database (SQLite puts NULL first).
    return rows.select_related("created_by", "assigned_to", "last_message__author").order_by(
        F("waiting_since").asc(nulls_last=True), F("last_message_at").desc(nulls_last=True), "-pk"
    )


def support_conversation(staff, conversation_id: int) -> Conversation:
    """One support conversation for the team's screen, with the person and the assignee;
    ``NotInConversation`` (404) for any other id, ``NotAllowed`` for anyone but the team."""
    require_support_team(staff)
    conversation = (
        Conversation.objects.select_related("created_by", "assigned_to")
        .filter(pk=conversation_id, kind=Conversation.Kind.SUPPORT)
        .first()
    )
    if conversation is None:
        raise NotInConversation()
    return conversation


def _changed(conversation: Conversation, fields: list[str]) -> Conversation:
    conversation.save(update_fields=fields)
    events.to_conversation(
        conversation,
        {
            "type": "conversation.updated",
            "conversation": conversation.pk,
            "status": conversation.status,
            "assigned_to": payloads.person(conversation.assigned_to),
        },
    )
    return conversation


@transaction.atomic
def assign(staff, conversation: Conversation, assignee=None) -> Conversation:
    """Give the conversation to a staff member (``None``: back to unassigned)."""
    require_support_team(staff)
    _require_support(conversation)
    if assignee is not None and not on_support_team(assignee):
        raise Invalid(_("Only a member of the support team can be assigned."), field="assignee")
    conversation.assigned_to = assignee
    return _changed(conversation, ["assigned_to"])


@transaction.atomic
def close(staff, conversation: Conversation) -> Conversation:
    """The matter is settled; the person's next message opens it again."""
    require_support_team(staff)
    _require_support(conversation)
    conversation.status = Conversation.Status.CLOSED
    conversation.waiting_since = None
    return _changed(conversation, ["status", "waiting_since"])


@transaction.atomic
def reopen(staff, conversation: Conversation) -> Conversation:
    require_support_team(staff)
    _require_support(conversation)
    conversation.status = Conversation.Status.OPEN
    return _changed(conversation, ["status"])


def support_staff() -> QuerySet:
    """Who may be assigned support conversations (``on_support_team``: superusers too)."""
    return (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
        .order_by("email")
    )
