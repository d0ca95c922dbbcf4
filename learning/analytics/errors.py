"""Analytics' refusals, in the one family of domain errors (``core.errors``)."""

from django.utils.translation import gettext_lazy as _

from core.errors import NotAllowed, NotFound


class ReportNotAllowed(NotAllowed):
    code = "report_not_allowed"
    default_message = _("Only the teacher of these courses and staff may see this report.")


class NoSuchTeacher(NotFound):
    code = "no_such_teacher"
    default_message = _("This person is not a teacher.")
