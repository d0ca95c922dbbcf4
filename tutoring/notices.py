"""What the tutoring app tells people (``accounts.services.notify``).

- The best-matching tutors hear of a new request (``REQUESTS_NOTIFY_TUTORS``).
- The learner hears of each offer, and of their request expiring.
- A tutor hears their offer was accepted, or, politely, that the learner chose another
  tutor, closed the request or let it expire.

They use the "live lessons" e-mail switch: requests and offers are how lessons begin, and a
switch of their own would need a new column in accounts' settings (left for when bookings
add theirs). Each notice has a key naming the event, so a retry tells nobody twice. Notices
are written in the site's main language, as the timetable's are.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.services import notify

from .models import Offer, TutorRequest

KIND = "lessons"


def person(user) -> str:
    return user.get_full_name() or user.get_short_name()


def page_url(name: str, **kwargs) -> str:
    """The site page's address; empty while ``tutoring.urls`` is not mounted."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def new_request(request: TutorRequest, tutors) -> int:
    """Tell the given tutors of a request that matches them; returns how many were told."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("A new request: %(subject)s") % {"subject": request.subject.name}
        body = Truncator(request.goal).chars(300)
        url = page_url("tutoring:board")
    return sum(
        notify(tutor, KIND, title, body=body, url=url, key=f"tutor-request:{request.pk}")
        is not None
        for tutor in tutors
    )


def offer_received(offer: Offer) -> None:
    request = offer.request
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(tutor)s answered your request “%(subject)s”") % {
            "tutor": person(offer.tutor),
            "subject": request.subject.name,
        }
        body = Truncator(offer.message).chars(300)
        url = page_url("tutoring:request", request_id=request.pk)
    notify(request.learner, KIND, title, body=body, url=url, key=f"offer:{offer.pk}")


def offer_accepted(offer: Offer) -> None:
    request = offer.request
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(learner)s accepted your offer") % {"learner": person(request.learner)}
        body = _(
            "The request “%(subject)s” is yours. A conversation with the learner is open, and "
            "you can put the agreed times on your timetable in one step."
        ) % {"subject": request.subject.name}
        url = page_url("tutoring:board")
    notify(offer.tutor, KIND, title, body=body, url=url, key=f"offer-accepted:{offer.pk}")


def offers_declined(offers, request: TutorRequest, *, why: str) -> int:
    """Tell the tutors whose offers were not taken, kindly; ``why``: chosen, closed, expired."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The request “%(subject)s” is closed") % {"subject": request.subject.name}
        body = {
            "chosen": _(
                "Thank you for your offer. The learner chose another tutor this time; "
                "new requests in your subjects are on your board."
            ),
            "closed": _(
                "Thank you for your offer. The learner closed the request; "
                "new requests in your subjects are on your board."
            ),
            "expired": _(
                "Thank you for your offer. The request expired without an answer; "
                "new requests in your subjects are on your board."
            ),
        }[why]
        url = page_url("tutoring:board")
    return sum(
        notify(offer.tutor, KIND, title, body=body, url=url, key=f"offer-declined:{offer.pk}")
        is not None
        for offer in offers
    )


def request_expired(request: TutorRequest) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your request “%(subject)s” has expired") % {"subject": request.subject.name}
        body = _("Post it again if you are still looking for a tutor.")
        url = page_url("tutoring:request", request_id=request.pk)
    notify(request.learner, KIND, title, body=body, url=url, key=f"request-expired:{request.pk}")


def lessons_scheduled(offer: Offer) -> None:
    request = offer.request
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Weekly lessons with %(tutor)s are on your calendar") % {
            "tutor": person(offer.tutor)
        }
        body = _("Subject: %(subject)s.") % {"subject": request.subject.name}
        url = page_url("schedule:calendar")
    notify(request.learner, KIND, title, body=body, url=url, key=f"offer-scheduled:{offer.pk}")
