"""The demo's messages (messages.yaml), sent through ``messaging.services``: its rules decide
who may write to whom, as on the site. Each message is then dated ``minutes_ago`` back, and
the listed people have read their conversations to the end. A conversation that already has
messages is left alone, so a second run sends nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from learning.schedule.models import Group
from messaging import services
from messaging.models import Conversation, Message, Participant


def _send_all(conversation: Conversation, specs: list[dict[str, Any]], people: dict) -> int:
    if conversation.messages.exists():
        return 0
    now = timezone.now()
    last = None
    for spec in specs:
        author = people[spec["from"]]
        cache.delete(f"messaging:rate:{author.pk}")  # the demo writes faster than people do
        message = services.send_message(author, conversation, spec["text"])
        sent_at = now - timedelta(minutes=spec["minutes_ago"])
        Message.objects.filter(pk=message.pk).update(created_at=sent_at)
        last = (message, sent_at)
    if last is not None:
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=last[1])
    return len(specs)


def _read(conversation: Conversation, emails: list[str], people: dict) -> None:
    """Only the listed people have read it all; the others keep what others wrote unread."""
    Participant.objects.filter(conversation=conversation).update(last_read_message_id=0)
    for email in emails:
        services.mark_read(people[email], conversation)
    for message in conversation.messages.select_related("author"):
        if message.author is not None and message.author.email not in emails:
            # One's own message is always read by its author.
            Participant.objects.filter(
                conversation=conversation,
                user=message.author,
                last_read_message_id__lt=message.pk,
            ).update(last_read_message_id=message.pk)


def load_messages(data: dict[str, Any]) -> dict[str, int]:
    emails = {spec["from"] for item in data["direct"] for spec in item["messages"]}
    emails |= {spec["from"] for spec in data["group"]["messages"]}
    emails |= {spec["from"] for item in data["support"] for spec in item["messages"]}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    sent = conversations = 0
    for item in data["direct"]:
        first, second = (people[email] for email in item["between"])
        conversation, _created = services.start_direct(first, second)
        count = _send_all(conversation, item["messages"], people)
        if count:
            _read(conversation, item["read"], people)
        sent += count
        conversations += 1
    group_data = data["group"]
    group = Group.objects.filter(teacher__email=group_data["teacher"]).order_by("pk").first()
    if group is not None:
        conversation, _created = services.start_group(people[group_data["teacher"]], group)
        count = _send_all(conversation, group_data["messages"], people)
        if count:
            _read(conversation, group_data["read"], people)
        sent += count
        conversations += 1
    for item in data["support"]:
        conversation, _created = services.start_support(people[item["from"]])
        count = _send_all(conversation, item["messages"], people)
        if count:
            _read(conversation, item["read"], people)
        sent += count
        conversations += 1
    return {"conversations": conversations, "messages": sent}
