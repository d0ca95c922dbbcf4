"""One family of domain errors.

Services raise a ``DomainError`` subclass when a request cannot be done: who may not, what
conflicts, what is missing. Each carries a machine ``code``, a human ``message`` (translated)
and an HTTP ``status`` hint; the API's exception handler (``api.exceptions``) and the site's
``core.middleware.DomainErrorMiddleware`` are the two places that turn one into a response.
Field-level content errors stay Django's ``ValidationError`` (forms and serializers already
speak it); both handlers map it to 400.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A request the domain refuses. Subclasses set ``code``, ``status`` and a default message."""

    code: str = "invalid"
    status: int = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code: str | None = None, field: str | None = None):
        self.message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        self.field = field
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)

    @property
    def messages(self) -> list[str]:
        """Like ``ValidationError.messages``, so forms and templates can treat both alike."""
        return [str(self.message)]


class Invalid(DomainError):
    """The input cannot be used; ``field`` names the field when there is one."""

    code = "invalid"
    status = 400


class NotAllowed(DomainError):
    """The person may not do this (HTTP 403)."""

    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(DomainError):
    """No such object, or not one this person may know about (HTTP 404)."""

    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Conflict(DomainError):
    """The change clashes with the current state of things (HTTP 409)."""

    code = "conflict"
    status = 409
    default_message = _("The request conflicts with the object's state.")


class Unavailable(DomainError):
    """A remote service or a configured resource is missing or failing (HTTP 503)."""

    code = "unavailable"
    status = 503
    default_message = _("The service is not available right now. Please try again later.")


class WebhookError(DomainError):
    """A webhook delivery that is not signed, not parseable or not ours (HTTP 400)."""

    code = "bad_webhook"
    status = 400
    default_message = _("The webhook could not be verified.")
