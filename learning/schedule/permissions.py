"""Who may do what with groups and the timetable.

``can_*`` predicates answer templates and "show this button"; the ``require_*`` checks are what
the services call (they raise ``NotAllowed``). Views and API views don't re-check.
"""

from __future__ import annotations

from collections.abc import Callable
from secrets import compare_digest

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.errors import EmailNotVerified
from accounts.models import User
from accounts.permissions import can_see_contacts, is_email_verified, visible_to_members
from core.permissions import is_signed_in, is_staff, require

from .models import Group, Invitation, LiveLesson
from .recurrence import Occurrence


def can_manage_group(user, group: Group) -> bool:
    """The group's teacher and staff edit a group, its timetable and its attendance."""
    return is_signed_in(user) and (is_staff(user) or group.teacher_id == user.pk)


def can_see_member_contacts(user, group: Group, student) -> bool:
    """A member's e-mail on the group's roster: for its teacher (and staff) as the member's
    settings allow (``accounts.permissions.can_see_contacts``)."""
    return can_manage_group(user, group) and can_see_contacts(user, student, teaches_them=True)


def roster_filter(user, group: Group) -> Q:
    """The members a group's page names to this person (a filter on memberships): all of them
    to its teacher and staff; to a member, themselves and the classmates whose profile
    members may see (a private one is "only me and my teachers")."""
    if can_manage_group(user, group):
        return Q()
    return Q(student=user) | Q(student__in=User.objects.filter(visible_to_members()))


def is_member(user, group: Group) -> bool:
    return is_signed_in(user) and group.memberships.filter(student=user).exists()


def can_view_group(user, group: Group) -> bool:
    return can_manage_group(user, group) or is_member(user, group)


def can_create_groups(user) -> bool:
    """Teachers and staff make groups and lessons."""
    return is_signed_in(user) and (is_staff(user) or user.is_teacher)


def can_edit_occurrence(user, occurrence: Occurrence, group_teacher_id: int | None = None) -> bool:
    """Whether the calendar lets this person drag or change the occurrence."""
    return occurrence_editor(user)(occurrence, group_teacher_id)


def occurrence_editor(user) -> Callable[[Occurrence, int | None], bool]:
    """``can_edit_occurrence`` for one person and many occurrences (the user read once)."""
    if not is_signed_in(user):
        return lambda occurrence, group_teacher_id=None: False
    staff, pk = is_staff(user), user.pk

    def can_edit(occurrence: Occurrence, group_teacher_id: int | None = None) -> bool:
        if occurrence.status != LiveLesson.Status.SCHEDULED:
            return False
        return staff or pk in (occurrence.teacher_id, group_teacher_id)

    return can_edit


def can_set_availability(user) -> bool:
    """Teachers set the weekly hours learners may book them in."""
    return is_signed_in(user) and bool(user.is_teacher)


def require_can_set_availability(user) -> None:
    require(can_set_availability(user), _("Only tutors set their available hours."))


def require_can_create_groups(user) -> None:
    require(can_create_groups(user), _("Only teachers can create groups."))


def require_manage(user, group: Group) -> None:
    require(
        can_manage_group(user, group),
        _("Only the group's teacher can change its group and timetable."),
    )


def require_view(user, group: Group) -> None:
    require(can_view_group(user, group), _("This lesson belongs to a group you are not in."))


def require_signed_in(user, message) -> None:
    require(is_signed_in(user), message)


def is_addressee(user, invitation: Invitation) -> bool:
    """The person an invitation was sent to: their account's address is the invitation's."""
    return is_signed_in(user) and bool(user.email) and user.email == invitation.email


def require_addressee(user, invitation: Invitation, token: str | None = None) -> None:
    """Only the addressee answers an invitation, with a confirmed address or the e-mail's link.

    The link's token proves the mailbox; without it the account's address must be confirmed,
    so someone who signed up with another person's address cannot take their place.
    """
    require(is_addressee(user, invitation), _("This invitation was sent to another address."))
    if token and compare_digest(str(token), invitation.token):
        return
    if not is_email_verified(user):
        raise EmailNotVerified(
            _(
                "Confirm your e-mail address first (follow the link we sent you), "
                "or open the invitation from its e-mail."
            )
        )
