"""What bookings tell people, in the app and by e-mail (the "live lessons" switch):

- the tutor: a new request (at once when free, once paid when paid), a request withdrawn;
- the learner: confirmed, declined (with the reason), lapsed, and a paid booking's refund.

Keyed by the booking and the event, so a retried request or task tells nobody twice.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.services import notify

from .models import Booking

KIND = "lessons"


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j E, H:i")


def _name(user) -> str:
    return user.get_full_name() or user.email


def _context(booking: Booking) -> dict[str, str]:
    return {
        "kind": str(booking.get_kind_display()).lower(),
        "when": _when(booking.start),
        "learner": _name(booking.learner),
        "tutor": _name(booking.tutor),
    }


def _tell(person, booking: Booking, event: str, title: str, body: str, url: str = "") -> None:
    notify(
        person,
        KIND,
        title,
        body=body,
        url=url or reverse("bookings:mine"),
        key=f"booking:{booking.pk}:{event}",
    )


def requested(booking: Booking) -> None:
    """The tutor: a learner asks for this slot; confirm or decline before the deadline."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {**_context(booking), "deadline": _when(booking.deadline)}
        title = _("%(learner)s booked a %(kind)s on %(when)s") % context
        body = _("Confirm or decline it by %(deadline)s, or it lapses.") % context
        _tell(booking.tutor, booking, "requested", title, body)


def withdrawn(booking: Booking) -> None:
    """The tutor: the learner cancelled a request (only once the tutor had heard of it)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(booking)
        title = _("%(learner)s cancelled the %(kind)s on %(when)s") % context
        _tell(booking.tutor, booking, "cancelled", title, _("The slot is free again."))


def confirmed(booking: Booking) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(booking)
        title = _("%(tutor)s confirmed your %(kind)s on %(when)s") % context
        body = _("The lesson is in your calendar.")
        url = ""
        if booking.lesson_id is not None:
            url = reverse("schedule:lesson", kwargs={"key": booking.lesson_key})
        _tell(booking.learner, booking, "confirmed", title, body, url)


def _money_back(booking: Booking) -> str:
    if booking.order_id is not None and booking.order.status in ("paid", "refunded"):
        return " " + _(
            "Your payment goes back to your card automatically; banks usually take 5–10 days "
            "to show it."
        )
    return ""


def declined(booking: Booking) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**_context(booking), "reason": booking.decline_reason}
        title = _("%(tutor)s declined your %(kind)s on %(when)s") % context
        body = _("The tutor's reason: %(reason)s") % context + _money_back(booking)
        _tell(booking.learner, booking, "declined", title, body)


def lapsed(booking: Booking, *, unpaid: bool) -> None:
    """The learner (and the tutor, if they were asked): nobody confirmed in time, or (unpaid)
    the payment did not come while the slot was held."""
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(booking)
        title = _("Your %(kind)s with %(tutor)s on %(when)s lapsed") % context
        if unpaid:
            body = _("The payment did not arrive in time, so the slot was released.")
        else:
            body = _("The tutor did not confirm it in time.") + _money_back(booking)
        _tell(booking.learner, booking, "lapsed", title, body)
        if not unpaid and was_announced(booking):
            title = _("The %(kind)s with %(learner)s on %(when)s lapsed unconfirmed") % context
            _tell(booking.tutor, booking, "lapsed", title, _("The slot is free again."))


def refunded(booking: Booking) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**_context(booking), "amount": booking.order.amount_display}
        title = _("Your payment for the %(kind)s on %(when)s is refunded") % context
        body = _("%(amount)s goes back to your card; banks usually take 5–10 days to show it.") % (
            context
        )
        _tell(booking.learner, booking, "refunded", title, body)


def was_announced(booking: Booking) -> bool:
    """Whether the tutor was told of the request (free: at once; paid: once paid)."""
    return booking.order_id is None or booking.order.status in ("paid", "refunded")
