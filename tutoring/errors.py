"""The tutoring app's refusals (``core.errors`` family)."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, Invalid, NotAllowed, NotFound


class NotATutor(NotAllowed):
    """Only a published tutor answers requests."""

    code = "not_a_tutor"
    default_message = _("Only a tutor with a published page can answer requests.")


class RequestNotFound(NotFound):
    """No such request, or not one this person may see."""

    code = "request_not_found"
    default_message = _("There is no such request.")


class OfferNotFound(NotFound):
    code = "offer_not_found"
    default_message = _("There is no such offer.")


class RequestClosed(Conflict):
    """The request is closed or expired: no more offers, no accepting."""

    code = "request_closed"
    default_message = _("This request is no longer open.")


class AlreadyOffered(Conflict):
    """One offer per tutor and request."""

    code = "already_offered"
    default_message = _("You have already answered this request.")


class OfferNotPending(Conflict):
    """Only a sent offer may be accepted or withdrawn."""

    code = "offer_not_pending"
    default_message = _("This offer is no longer waiting for an answer.")


class AlreadyScheduled(Conflict):
    code = "already_scheduled"
    default_message = _("The lessons of this offer are already on the timetable.")


class TooManyRequests(Conflict):
    code = "too_many_requests"
    default_message = _("You have too many open requests. Close one first.")


class OutsideHours(Invalid):
    """A proposed time lies outside the tutor's weekly hours."""

    code = "outside_hours"
    default_message = _("Propose times within your weekly hours.")

    def __init__(self, message=None, *, code=None, field="times"):
        super().__init__(message, code=code, field=field)
