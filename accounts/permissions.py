"""Who may do what with accounts: predicates for templates and API permission classes, and the
checks the services call (they raise ``core.errors.NotAllowed`` or an ``accounts.errors`` one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.utils import has_verified_email

from core.permissions import is_signed_in, is_staff, require

from .errors import EmailNotVerified

if TYPE_CHECKING:
    from .models import User


def is_admin(user: User) -> bool:
    """Staff and superusers run the site; everywhere below "admin" means them."""
    return is_staff(user)


def can_edit_user(actor: User, target: User) -> bool:
    """The person themselves or an admin may read and change an account."""
    return is_admin(actor) or (is_signed_in(actor) and actor.pk == target.pk)


def can_delete_user(actor: User, target: User) -> bool:
    """Only admins delete accounts, not even one's own."""
    return is_admin(actor)


def can_list_people(user: User) -> bool:
    """Teachers and admins see the lists of teachers and students."""
    return is_signed_in(user) and (user.is_teacher or is_admin(user))


def can_use_admin(user: User) -> bool:
    """Wagtail's own permission: staff, editors, moderators and tutors have it."""
    return is_signed_in(user) and user.has_perm("wagtailadmin.access_admin")


def is_email_verified(user: User) -> bool:
    return has_verified_email(user)


def require_can_delete_user(actor: User, target: User) -> None:
    require(can_delete_user(actor, target))


def require_verified_email(user: User) -> None:
    """Paying and publishing anything public need a confirmed address."""
    if not is_email_verified(user):
        raise EmailNotVerified
