"""Who may see a member's profile: the one rule the page, the API and the name links share.

The person chooses in their settings (``ProfileSettings.profile_visibility``):

- "Everyone": anyone, signed in or not;
- "Signed-in members": anyone signed in;
- "Only me and my teachers": the person, their teachers (a course they teach or a group they
  lead, as ``accounts.students`` knows) and staff.

Whatever the choice, the person and staff always may. Nobody sees a deactivated account.
The people who run the site (``accounts.permissions.runs_the_site``: staff, editors,
moderators) are not members of the community, are listed nowhere as such, and have no
profile for anyone but themselves and staff, so their accounts cannot be found through it.

A refusal is ``ProfileNotFound`` (404), the answer for a member that does not exist.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from accounts.models import ProfileSettings, User
from accounts.permissions import STAFF_GROUPS
from core.permissions import is_signed_in, is_staff

from .errors import ProfileNotFound

Visibility = ProfileSettings.Visibility
DEFAULT_VISIBILITY = ProfileSettings._meta.get_field("profile_visibility").default


def visibility_of(member: User) -> str:
    """The member's choice; the default (signed-in members) when they never saved settings."""
    chosen = getattr(member, "profile_settings", None)  # None when never saved
    return chosen.profile_visibility if chosen else DEFAULT_VISIBILITY


def runs_the_site(member: User) -> bool:
    """Staff, superusers, editors, moderators (a loader may annotate ``runs_site`` to spare
    the groups query; ``services.profile`` does)."""
    flag = getattr(member, "runs_site", None)
    if flag is not None:
        return bool(flag)
    return bool(
        member.is_staff
        or member.is_superuser
        or member.groups.filter(name__in=STAFF_GROUPS).exists()
    )


def can_view_profile(viewer: User, member: User, *, teaches_them: bool = False) -> bool:
    """Whether ``viewer`` (possibly anonymous) may see ``member``'s profile.

    ``teaches_them`` is the caller's knowledge that ``viewer`` teaches ``member`` (it matters
    only for "Only me and my teachers"; ``services.teaches`` asks).
    """
    if not member.is_active:
        return False
    if is_staff(viewer) or (is_signed_in(viewer) and viewer.pk == member.pk):
        return True
    if runs_the_site(member):
        return False
    visibility = visibility_of(member)
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return is_signed_in(viewer)
    return teaches_them and is_signed_in(viewer)


def require_view_profile(viewer: User, member: User, *, teaches_them: bool = False) -> None:
    if not can_view_profile(viewer, member, teaches_them=teaches_them):
        raise ProfileNotFound


def is_public(member: User) -> bool:
    """Whether search engines may index the profile (and anonymous pages link to it)."""
    if not member.is_active or runs_the_site(member):
        return False
    return visibility_of(member) == Visibility.PUBLIC


def viewable_by(viewer: User) -> Q:
    """``can_view_profile`` as a filter on users, for lists of names linked to their profiles
    (one query for a page of them). One difference: a private profile's teachers are not
    counted (whom a viewer teaches is asked on the profile itself), so a name may stay
    unlinked for a teacher who could open the profile."""
    if is_staff(viewer):
        return Q(is_active=True)
    allowed = [Visibility.PUBLIC] + ([Visibility.MEMBERS] if is_signed_in(viewer) else [])
    shown = Q(profile_settings__profile_visibility__in=allowed)
    if DEFAULT_VISIBILITY in allowed:
        shown |= Q(profile_settings__isnull=True)
    in_staff_group = Exists(
        User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=STAFF_GROUPS)
    )
    member = shown & Q(is_staff=False, is_superuser=False) & ~in_staff_group
    if is_signed_in(viewer):
        member |= Q(pk=viewer.pk)
    return Q(is_active=True) & member
