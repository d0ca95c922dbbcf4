"""Enrollment's refusals, in the one family of domain errors (``core.errors``)."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed


class EnrollmentError(DomainError):
    """A request the course's state does not allow; the message is for the person (400)."""

    code = "enrollment_error"
    default_message = _("This course is not open for enrolment.")


class NotEnrolled(EnrollmentError, NotAllowed):
    """Progress is only for the course's learners (403)."""

    code = "permission_denied"
    default_message = _("Enrol in the course to track your progress.")
