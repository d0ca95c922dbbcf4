"""Homework's refusals, in the ``core.errors`` family: each carries the HTTP status and code
the API answers with (api.exceptions) and the message the site shows.

Content errors about one answer or one question (a file of the wrong kind, a missing correct
choice, points left out) stay Django's ``ValidationError``: forms and serializers speak it.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, Invalid


class AttemptClosed(Conflict):
    """The attempt is handed in already, or the homework takes no more work (409)."""

    code = "closed"
    default_message = _("This attempt is already submitted.")


class LateSubmissionRefused(Conflict):
    """The time limit or the due date passed and the homework refuses late work (409)."""

    code = "late"
    default_message = _("Time is up: this homework does not accept late work.")


class NotSubmitted(Conflict):
    """A teacher tried to grade an attempt still in progress (409)."""

    code = "not_submitted"
    default_message = _("This attempt has not been submitted yet.")


class AttemptRace(Conflict):
    """Two attempts started at once and neither could be kept (409)."""

    code = "conflict"
    default_message = _("The attempt could not be started; please try again.")


class HasSubmissions(Conflict):
    """Students handed work in, so the homework stays (409)."""

    code = "has_submissions"
    default_message = _("Students have handed in work for this homework; it cannot be deleted.")


class NoAttemptsLeft(Invalid):
    """The attempt limit is reached (400, a non-field error as it always was)."""

    code = "no_attempts"
    default_message = _("You have used all your attempts.")

    def __init__(self, message=None, *, code=None, field="non_field_errors"):
        super().__init__(message, code=code, field=field)
