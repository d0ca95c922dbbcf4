"""Who may do what with accounts: predicates for templates and API permission classes, and the
checks the services call (they raise ``core.errors.NotAllowed`` or an ``accounts.errors`` one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.utils import has_verified_email
from django.db.models import Q

from core.permissions import is_signed_in, is_staff, require

from .errors import EmailNotVerified
from .models import ProfileSettings

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


def shares_contacts_with_teachers(person: User) -> bool:
    """Whether a person's teachers see their e-mail and phone.

    "Only me and my teachers" keeps the profile to the person and their teachers, and the
    contacts to the person alone; the other choices share the contacts with their teachers.
    A person without settings has the default choice (signed-in members).
    """
    from_settings = getattr(person, "profile_settings", None)  # None when never saved
    visibility = from_settings.profile_visibility if from_settings else None
    return visibility != ProfileSettings.Visibility.PRIVATE


# Wagtail's own groups (its migrations make them): people who edit and moderate the site.
STAFF_GROUPS = ("Editors", "Moderators")


def runs_the_site() -> Q:
    """A filter on users: those who run the site (staff, superusers, editors, moderators).

    They are listed neither among teachers nor among students, whatever their role says.
    """
    return Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=STAFF_GROUPS)


def visible_to_members() -> Q:
    """A filter on users: those whose profile other signed-in members may see (everyone but
    "Only me and my teachers"; no settings means the default, members)."""
    return ~Q(profile_settings__profile_visibility=ProfileSettings.Visibility.PRIVATE)


def can_see_contacts(viewer: User, person: User, *, teaches_them: bool) -> bool:
    """The person themselves and admins always; their teacher as the person's settings allow.

    ``teaches_them`` is the caller's knowledge that ``viewer`` teaches ``person`` (accounts
    cannot tell: the learning apps know who teaches whom, see ``accounts.students``).
    """
    if is_admin(viewer) or (is_signed_in(viewer) and viewer.pk == person.pk):
        return True
    return teaches_them and is_signed_in(viewer) and shares_contacts_with_teachers(person)


def require_can_list_people(user: User) -> None:
    require(can_list_people(user))


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
