"""The member profiles' refusals (``core.errors`` family)."""

from django.utils.translation import gettext_lazy as _

from core.errors import NotFound


class ProfileNotFound(NotFound):
    """No such member, or one whose profile this viewer may not see. One answer for both, so
    a hidden profile does not reveal that the account exists."""

    code = "profile_not_found"
    default_message = _(
        "There is no profile to show here. It may not exist, or its owner shows it only to "
        "signed-in members or keeps it private."
    )
