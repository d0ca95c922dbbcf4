"""The comments' refusals (``core.errors`` family); permission refusals are ``NotAllowed``."""

from django.utils.translation import gettext_lazy as _

from core.errors import Invalid


class CommentGone(Invalid):
    """The comment was deleted meanwhile (another tab, a moderator)."""

    code = "gone"
    default_message = _("This comment has been deleted.")

    def __init__(self, message=None, *, code=None, field="non_field_errors"):
        # The API has always answered this one as a non-field error: {"non_field_errors": […]}.
        super().__init__(message, code=code, field=field)
