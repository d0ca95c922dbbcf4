"""The private calendar feed's token: read, made or replaced (rotated), or removed (revoked).

A person has at most one feed (``CalendarFeed``, one per user). Rotating gives it a new secret
token, so the old address stops working at once; revoking deletes it, so there is no address
at all until the person makes one again (rotating makes one when there is none).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import NoFeed
from ..models import CalendarFeed, new_feed_token
from ..permissions import require_signed_in


def _signed_in(user) -> None:
    require_signed_in(user, _("Sign in to subscribe to your timetable."))


def find_feed(user) -> CalendarFeed | None:
    """The person's feed, or None when they have none (never made, or revoked)."""
    _signed_in(user)
    return CalendarFeed.objects.filter(user=user).first()


def feed_of(user) -> CalendarFeed:
    """The person's feed; ``NoFeed`` when they have none."""
    feed = find_feed(user)
    if feed is None:
        raise NoFeed()
    return feed


def feed_for(user) -> CalendarFeed:
    """The person's private calendar feed, made on first need."""
    _signed_in(user)
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def rotate_feed(user) -> CalendarFeed:
    """A new secret token (a feed made if there is none): the old address stops working."""
    _signed_in(user)
    # The row locked (PostgreSQL), so two rotations at once leave one token, the later one.
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return feed_for(user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed


def revoke_feed(user) -> None:
    """No feed any more: the address stops working and none is shown until one is made."""
    _signed_in(user)
    CalendarFeed.objects.filter(user=user).delete()


def user_for_feed(token: str) -> User | None:
    if not token:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
