"""The community app's refusals (``core.errors`` family)."""

from django.utils.translation import gettext_lazy as _

from core.errors import Invalid, NotFound


class TutorNotFound(NotFound):
    """No published tutor page with an account behind it."""

    code = "tutor_not_found"
    default_message = _("There is no such tutor.")


class PostNotFound(NotFound):
    """No live, public video post by that id."""

    code = "post_not_found"
    default_message = _("There is no such video.")


class CannotFollowSelf(Invalid):
    code = "cannot_follow_self"
    default_message = _("You cannot follow yourself.")


class InvalidSort(Invalid):
    code = "invalid_sort"
    default_message = _("Sort by “new” or “popular”.")

    def __init__(self, message=None, *, code=None, field="sort"):
        super().__init__(message, code=code, field=field)
