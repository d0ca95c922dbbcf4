"""Errors of the accounts domain, in the one family of ``core.errors``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError, Invalid, NotAllowed


class AccountError(DomainError):
    """Any refusal about accounts; views show its message, the API answers its status."""

    default_message = _("The account could not be changed.")


class EmailTaken(AccountError, Invalid):
    """Sign-up with an address that already has an account: 400 naming ``email``."""

    code = "email_taken"
    default_message = _("An account with this e-mail address already exists.")

    def __init__(self, message=None, *, code: str | None = None, field: str | None = "email"):
        super().__init__(message, code=code, field=field)


class EmailNotVerified(AccountError, NotAllowed):
    """Paying and publishing need a confirmed address: 403."""

    code = "email_not_verified"
    default_message = _("Please confirm your e-mail address first: follow the link we sent you.")


class WrongPassword(AccountError, Invalid):
    """Changing the password needs the current one: 400 naming ``old_password``."""

    code = "wrong_password"
    default_message = _("The current password is not correct.")

    def __init__(self, message=None, *, code: str | None = None, field: str | None = None):
        super().__init__(message, code=code, field=field or "old_password")


class WouldLockOut(AccountError, Conflict):
    """Deactivating or deleting one's own account, or the last active superuser: 409."""

    code = "would_lock_out"
    default_message = _(
        "This would leave the site without an active administrator: make someone else an "
        "administrator (superuser) first."
    )
