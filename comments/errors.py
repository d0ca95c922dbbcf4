"""The comments' refusals (``core.errors`` family); permission refusals are ``NotAllowed``."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, Invalid


class CommentGone(Invalid):
    """The comment was deleted meanwhile (another tab, a moderator)."""

    code = "gone"
    default_message = _("This comment has been deleted.")

    def __init__(self, message=None, *, code=None, field="non_field_errors"):
        # The API has always answered this one as a non-field error: {"non_field_errors": […]}.
        super().__init__(message, code=code, field=field)


class AlreadyReported(Conflict):
    """One report per person and comment."""

    code = "already_reported"
    default_message = _("You have already reported this comment.")


class ReasonRequired(Invalid):
    """A report needs a reason (the moderator reads it)."""

    code = "reason_required"
    default_message = _("Give a reason.")

    def __init__(self, message=None, *, code=None, field="reason"):
        super().__init__(message, code=code, field=field)


class CommentHidden(Conflict):
    """Hidden comments take no likes, reports or replies."""

    code = "hidden"
    default_message = _("This comment is hidden.")
