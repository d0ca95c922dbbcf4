"""Opening conversations (one per pair, one per group, one support conversation per person) and
keeping a group conversation's participants in step with the group."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Invalid
from core.permissions import require
from learning.schedule.models import Group

from .. import events
from ..errors import Blocked, YouBlocked
from ..models import Block, Conversation, Participant
from ..permissions import (
    can_start_support,
    require_read,
    require_start_direct,
    require_start_group,
)


def pair_key(a_id: int, b_id: int) -> str:
    low, high = sorted((a_id, b_id))
    return f"{low}:{high}"


def check_not_blocked(sender, recipient) -> None:
    """``YouBlocked`` when the sender blocked the recipient, ``Blocked`` when the other way."""
    pairs = set(
        Block.objects.filter(
            blocker__in=(sender.pk, recipient.pk), blocked__in=(sender.pk, recipient.pk)
        ).values_list("blocker_id", "blocked_id")
    )
    if (sender.pk, recipient.pk) in pairs:
        raise YouBlocked()
    if (recipient.pk, sender.pk) in pairs:
        raise Blocked()


def _get_or_create(lookup: dict, defaults: dict) -> tuple[Conversation, bool]:
    """One row however many requests race for it (the unique constraints decide)."""
    try:
        with transaction.atomic():
            return Conversation.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:
        return Conversation.objects.get(**lookup), False


def _seat(conversation: Conversation, user_id: int) -> bool:
    """Give the person a seat; True when it is new (then their sockets are told)."""
    _seat_row, created = Participant.objects.get_or_create(
        conversation=conversation, user_id=user_id
    )
    if created:
        events.to_user(user_id, {"type": "conversation.joined", "conversation": conversation.pk})
    return created


def start_direct(user, other) -> tuple[Conversation, bool]:
    """The one conversation between ``user`` and ``other``, made if needed; (it, created).

    Someone already in a conversation with the other person may always come back to it (a
    tutor answers a learner who wrote first); opening a new one follows the rules of
    ``permissions.can_start_direct``. A block either way refuses both.
    """
    key = pair_key(user.pk, other.pk)
    existing = Conversation.objects.filter(pair_key=key).first()
    if (
        existing is None
        or not Participant.objects.filter(conversation=existing, user=user).exists()
    ):
        require_start_direct(user, other)
    check_not_blocked(user, other)
    now = timezone.now()
    conversation, created = _get_or_create(
        {"pair_key": key},
        {"kind": Conversation.Kind.DIRECT, "created_by": user, "last_message_at": now},
    )
    with transaction.atomic():
        _seat(conversation, user.pk)
        _seat(conversation, other.pk)
    return conversation, created


def start_group(user, group: Group) -> tuple[Conversation, bool]:
    """The group's conversation (its teacher and members), made if needed; (it, created)."""
    require_start_group(user, group)
    conversation, created = _get_or_create(
        {"group": group},
        {
            "kind": Conversation.Kind.GROUP,
            "created_by": user,
            "last_message_at": timezone.now(),
        },
    )
    sync_group_participants(group, conversation)
    return conversation, created


def start_support(user) -> tuple[Conversation, bool]:
    """The person's conversation with the school's support team, made if needed."""
    require(can_start_support(user))
    conversation, created = _get_or_create(
        {"kind": Conversation.Kind.SUPPORT, "created_by": user},
        {"last_message_at": timezone.now()},
    )
    _seat(conversation, user.pk)
    return conversation, created


def sync_group_participants(group: Group, conversation: Conversation | None = None) -> None:
    """Make the group conversation's seats match the group: its teacher and members (active
    accounts). New people's sockets join the conversation, those who left are told to leave it
    and stop receiving its events at once. Nothing happens for a group with no conversation."""
    if conversation is None:
        conversation = Conversation.objects.filter(group=group).first()
        if conversation is None:
            return
    wanted = set(
        group.memberships.filter(student__is_active=True).values_list("student_id", flat=True)
    )
    if group.teacher_id and group.teacher.is_active:
        wanted.add(group.teacher_id)
    with transaction.atomic():
        seated = set(
            Participant.objects.filter(conversation=conversation).values_list("user_id", flat=True)
        )
        for user_id in wanted - seated:
            _seat(conversation, user_id)
        gone = seated - wanted
        if gone:
            Participant.objects.filter(conversation=conversation, user_id__in=gone).delete()
            for user_id in gone:
                events.to_user(
                    user_id, {"type": "conversation.left", "conversation": conversation.pk}
                )


def set_muted(user, conversation: Conversation, muted: bool) -> None:
    """A muted conversation still counts unread messages but sends no digest e-mail.
    ``NotInConversation`` for someone without a seat (the support team has none)."""
    require_read(user, conversation)
    if not Participant.objects.filter(conversation=conversation, user=user).update(muted=muted):
        raise Invalid(_("Only participants can mute a conversation."), code="not_participant")
