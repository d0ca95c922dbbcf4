"""Reading: a person's conversations, a page of messages, unread counts. Each a fixed number of
queries, whatever the number of conversations or messages."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core import cache_reads, generations, personal
from core.errors import Invalid
from core.ids import parse_id

from ..app_settings import app_settings
from ..errors import NotInConversation
from ..models import Conversation, Message, Participant
from ..permissions import require_read
from .conversations import pair_key


def _unread_for_seat() -> Coalesce:
    """For a ``Participant`` row: messages of others after the last one they read."""
    count = (
        Message.objects.filter(
            conversation=OuterRef("conversation_id"),
            id__gt=OuterRef("last_read_message_id"),
            deleted_at__isnull=True,
        )
        .exclude(author_id=OuterRef("user_id"))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def conversations_for(user) -> QuerySet[Participant]:
    """The person's seats, most recent conversation first: each with ``conversation`` (its
    last message and author, group, assignee) and ``unread``; the other participants are
    prefetched. Three queries for a page (count, rows, people), whatever its size."""
    people = Participant.objects.select_related("user").order_by("pk")
    return (
        Participant.objects.filter(user=user)
        .select_related(
            "conversation__last_message__author",
            "conversation__group",
            "conversation__assigned_to",
            "conversation__created_by",
        )
        .prefetch_related(Prefetch("conversation__participants", queryset=people))
        .annotate(unread=_unread_for_seat())
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def unread_counts(user_ids: list[int]) -> dict[int, dict[int, int]]:
    """``{user id: {conversation id: unread}}`` for these people, in one query."""
    rows = (
        Participant.objects.filter(user_id__in=user_ids)
        .annotate(unread=_unread_for_seat())
        .values_list("user_id", "conversation_id", "unread")
    )
    counts: dict[int, dict[int, int]] = {user_id: {} for user_id in user_ids}
    for user_id, conversation_id, unread in rows:
        counts[user_id][conversation_id] = unread
    return counts


def unread_total(user) -> int:
    """Unread messages across all the person's conversations (the header's badge): one query."""
    return sum(unread_counts([user.pk])[user.pk].values())


def unread_counter(user_id: int | str) -> str:
    """The counter of a person's kept unread total, bumped whenever their unread counts change
    (``messages._announce_unread``) or a seat of theirs is made or removed."""
    return f"messaging:unread:{user_id}"


# A safety net for a count changed some other way: the page's script sets the badge from the
# socket's (or the API's) own count as soon as it connects.
UNREAD_SECONDS = 5 * 60


def unread_total_shown(user) -> int:
    """``unread_total`` as the cabinet's menu shows it, kept for the person (core.personal)
    until their unread counts change."""
    return personal.kept(
        user,
        "unread-messages",
        (),
        lambda: unread_total(user),
        also=(unread_counter(cache_reads.PERSON),),
        timeout=UNREAD_SECONDS,
    )


def unread_changed(user_ids) -> None:
    generations.bump_many(unread_counter(pk) for pk in user_ids if pk is not None)


def get_conversation(user, conversation_id: int) -> Conversation:
    """The conversation if the person may read it; ``NotInConversation`` (404) otherwise."""
    conversation = (
        Conversation.objects.select_related("group", "assigned_to", "created_by")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None:
        raise NotInConversation()
    require_read(user, conversation)
    return conversation


def _cursor(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    number = parse_id(value)
    if number is None:
        raise Invalid(_("Give the id of a message."), field=name)
    return number


def messages_page(
    user,
    conversation: Conversation,
    *,
    before: int | str | None = None,
    after: int | str | None = None,
    limit: int | None = None,
) -> tuple[list[Message], bool]:
    """A page of the conversation and whether there is more in that direction.

    Without cursors: the newest ``limit`` messages, newest first. ``before=<id>``: the ones
    older than that message (scrolling back), newest first. ``after=<id>``: the ones newer
    than it, oldest first (catching up: the polling fallback). Two queries (the permission
    check and the page), whatever the conversation's length: the index on (conversation, id).
    """
    require_read(user, conversation)
    before, after = _cursor(before, "before"), _cursor(after, "after")
    size = max(1, min(limit or app_settings.MESSAGING_PAGE_SIZE, app_settings.MESSAGING_PAGE_SIZE))
    rows = Message.objects.filter(conversation=conversation).select_related("author")
    if after is not None:
        rows = rows.filter(pk__gt=after).order_by("pk")
    else:
        if before is not None:
            rows = rows.filter(pk__lt=before)
        rows = rows.order_by("-pk")
    page = list(rows[: size + 1])
    return page[:size], len(page) > size


def existing_conversation(
    user, *, other=None, group=None, support: bool = False
) -> Conversation | None:
    """The person's conversation with ``other``, of ``group`` or with support, if it exists
    and they have a seat in it: a page can link to it without opening an empty one."""
    seats = Conversation.objects.filter(participants__user=user)
    if other is not None:
        return seats.filter(pair_key=pair_key(user.pk, other.pk)).first()
    if group is not None:
        return seats.filter(group=group).first()
    if support:
        return seats.filter(kind=Conversation.Kind.SUPPORT, created_by=user).first()
    return None
