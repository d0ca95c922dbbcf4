"""The reviews' refusals (``core.errors`` family); permission refusals are ``NotAllowed``."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, Invalid, NotAllowed, NotFound


class NotEligible(NotAllowed):
    """The person may not review this course or tutor yet; the message says what to do first."""

    code = "not_eligible"
    default_message = _("You cannot review this yet.")


class AlreadyReviewed(Conflict):
    """One review per person and course (every translation) or tutor: edit the one written."""

    code = "already_reviewed"
    default_message = _("You have already reviewed this. Edit your review instead.")


class AlreadyReported(Conflict):
    """One report per person and review."""

    code = "already_reported"
    default_message = _("You have already reported this review.")


class NotPublished(Conflict):
    """Replies and reports are for published reviews only."""

    code = "not_published"
    default_message = _("This review is not published.")


class ReviewGone(NotFound):
    """The review (or reply) was deleted meanwhile (another tab, a moderator)."""

    code = "gone"
    default_message = _("This review has been deleted.")


class ReasonRequired(Invalid):
    """A rejection or a report needs a reason (the author or the moderator reads it)."""

    code = "reason_required"
    default_message = _("Give a reason.")

    def __init__(self, message=None, *, code=None, field="reason"):
        super().__init__(message, code=code, field=field)
