"""The e-mail for people who were away: one digest per person, not one mail per message.

Run by Celery beat (``tasks.send_message_digests``). A person gets one when some message from
someone else has waited unread for ``MESSAGING_DIGEST_AFTER_MINUTES`` and they have no socket
open (``presence``). Each seat remembers the newest message a digest told of
(``Participant.notified_message_id``), and ``accounts.services.notify`` is keyed by the
person and that message, so a second run, a retried task or two workers at once mail nobody
twice. Muted conversations are left out; people who switched off "messages" e-mails are
marked as told without a mail.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.services import notify, wants_email

from .. import presence
from ..app_settings import app_settings
from ..models import Conversation, Message, Participant

NOTIFY_KIND = "messages"
# Conversations quiet for longer than this are not looked at (their digests went long ago).
LOOKBACK = timedelta(days=2)


def _title(conversation: Conversation, seat_user) -> str:
    if conversation.kind == Conversation.Kind.GROUP and conversation.group_id:
        return conversation.group.name
    if conversation.kind == Conversation.Kind.SUPPORT:
        return _("Support")
    others = [s.user for s in conversation.participants.all() if s.user_id != seat_user.pk]
    return ", ".join(str(person) for person in others) or _("Conversation")


def pending_seats(now: datetime | None = None):
    """Seats with messages from others unread for the digest's delay and not yet told of,
    each with ``newest`` (their newest such message) and ``waiting`` (how many)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=app_settings.MESSAGING_DIGEST_AFTER_MINUTES)
    waiting = (
        Message.objects.filter(
            conversation=OuterRef("conversation_id"),
            id__gt=OuterRef("last_read_message_id"),
            deleted_at__isnull=True,
            created_at__lte=cutoff,
        )
        .filter(id__gt=OuterRef("notified_message_id"))
        .exclude(author_id=OuterRef("user_id"))
        .order_by()
        .values("conversation")
    )
    return (
        Participant.objects.filter(
            muted=False,
            user__is_active=True,
            conversation__last_message_at__gte=now - LOOKBACK,
        )
        .annotate(
            newest=Subquery(
                waiting.annotate(top=Max("pk")).values("top"),
                output_field=IntegerField(),
            ),
            waiting=Subquery(
                waiting.annotate(n=Count("pk")).values("n"), output_field=IntegerField()
            ),
        )
        .filter(newest__isnull=False)
        .select_related("user", "conversation__group")
        .prefetch_related("conversation__participants__user")
        .order_by("user_id", "conversation_id")
    )


def send_digests(now: datetime | None = None) -> int:
    """Mail each absent person with waiting messages one digest; returns how many were sent."""
    by_person: dict[int, list[Participant]] = defaultdict(list)
    for seat in pending_seats(now):
        by_person[seat.user_id].append(seat)
    present = presence.online(by_person)
    sent = 0
    for user_id, seats in by_person.items():
        if user_id in present:
            continue  # they will see them; asked again next run if they leave unread
        user = seats[0].user
        newest = max(seat.newest for seat in seats)
        with transaction.atomic():
            if wants_email(user, NOTIFY_KIND):
                with translation.override(settings.LANGUAGE_CODE):
                    total = sum(seat.waiting for seat in seats)
                    title = ngettext(
                        "You have %(n)s unread message",
                        "You have %(n)s unread messages",
                        total,
                    ) % {"n": total}
                    lines = [f"{_title(seat.conversation, user)}: {seat.waiting}" for seat in seats]
                    notice = notify(
                        user,
                        NOTIFY_KIND,
                        title,
                        body="\n".join(lines),
                        url=app_settings.MESSAGING_CABINET_PATH,
                        key=f"messages-digest:{newest}",
                    )
                sent += notice is not None
            for seat in seats:
                Participant.objects.filter(pk=seat.pk, notified_message_id__lt=seat.newest).update(
                    notified_message_id=seat.newest
                )
    return sent
