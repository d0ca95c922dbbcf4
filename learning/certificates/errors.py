"""Certificates' refusals, in the one family of domain errors (``core.errors``)."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError


class CertificateError(DomainError):
    """The certificate's state does not allow this; the message is for the person (400)."""

    code = "certificate_error"
    default_message = _("The course is not completed.")


class CertificateConflict(CertificateError, Conflict):
    """Restoring would make a second valid certificate for the same course (409)."""

    code = "conflict"
    status = 409
    default_message = _("The learner already has a valid certificate for this course.")
