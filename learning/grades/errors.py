"""Grades' refusals, in the one family of domain errors (``core.errors``)."""

from django.utils.translation import gettext_lazy as _

from core.errors import Invalid, NotAllowed, NotFound


class GradebookNotAllowed(NotAllowed):
    code = "gradebook_not_allowed"
    default_message = _("Only the teacher of this course or group may see its gradebook.")


class GradesNotFound(NotFound):
    code = "grades_not_found"
    default_message = _("You have no grades in this course.")


class UnknownItem(Invalid):
    code = "unknown_item"
    default_message = _("This learner has no such item in the gradebook.")

    def __init__(self, message=None, *, code=None, field="item"):
        super().__init__(message, code=code, field=field)


class NotALearner(Invalid):
    code = "not_a_learner"
    default_message = _("This person does not study this course.")

    def __init__(self, message=None, *, code=None, field="student"):
        super().__init__(message, code=code, field=field)


class ReasonRequired(Invalid):
    code = "reason_required"
    default_message = _("Say why the grade is changed.")

    def __init__(self, message=None, *, code=None, field="reason"):
        super().__init__(message, code=code, field=field)


class InvalidScheme(Invalid):
    code = "invalid_scheme"
    default_message = _("The category weights must add up to 100 %.")


class GroupWithoutCourse(Invalid):
    code = "group_without_course"
    default_message = _("This group is not tied to a course, so it has no gradebook.")
