"""The timetable's refusals, in the one family of ``core.errors``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from core import errors

if TYPE_CHECKING:
    from .recurrence import Occurrence


class Conflict(errors.Conflict):
    """The change would make two lessons of one teacher or group overlap (or overfill the pool).

    ``clash`` is the occurrence in the way, when there is one.
    """

    def __init__(self, message=None, clash: Occurrence | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.clash = clash


class NoFeed(errors.NotFound):
    """The person has no calendar feed (never made, or revoked)."""

    code = "no_feed"
    default_message = _("You have no calendar address. Make one to subscribe to your timetable.")


class NotFound(errors.NotFound):
    """No lesson or occurrence with that key (``key`` says which was asked for)."""

    default_message = _("Not found.")

    def __init__(self, key: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.key = key


class InvitationClosed(errors.Conflict):
    """The invitation was answered, revoked or has expired: it cannot be answered now."""

    code = "invitation_closed"
    default_message = _("This invitation is no longer open. Ask the teacher for a new one.")


class TooManyInvitations(errors.DomainError):
    """A person sent as many invitations as a day allows (HTTP 429, ``Retry-After``)."""

    code = "throttled"
    status = 429
    default_message = _("You have sent too many invitations today. Try again tomorrow.")

    def __init__(self, message=None, *, retry_after: int | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
