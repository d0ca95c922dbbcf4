"""The private calendar feed's token: made on first need, revoked on request."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import User

from ..models import CalendarFeed, new_feed_token
from ..permissions import require_signed_in


def feed_for(user) -> CalendarFeed:
    """The person's private calendar feed, made on first need."""
    require_signed_in(user, _("Sign in to subscribe to your timetable."))
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def revoke_feed(user) -> CalendarFeed:
    """A new secret token: the old feed address stops working."""
    feed = feed_for(user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed


def user_for_feed(token: str) -> User | None:
    if not token:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
