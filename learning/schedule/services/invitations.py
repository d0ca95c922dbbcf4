"""Invitations to a group and joining by a group's code: nobody becomes a member without
their own "yes".

A teacher (or staff) invites an address. The answer is the same whether or not someone has
an account with it: nothing tells the teacher who is registered. The address gets an e-mail
with a link (an account holder also gets a cabinet notice; someone without an account is
asked to sign up with that address first); only the addressee's acceptance makes them a
member and gives them the group's course. The teacher sees the group's invitations and may
revoke a pending one. Who may answer: ``permissions.require_addressee``.

A group's join code is the other door: the teacher turns it on (a new code: the old one
stops working) or off; a signed-in person with the code joins.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User, normalize_email
from accounts.permissions import require_verified_email
from accounts.services import notify
from accounts.tasks import send_email
from core import personal
from core.permissions import is_signed_in, is_staff

from ..app_settings import app_settings
from ..errors import InvitationClosed, NotFound, TooManyInvitations
from ..models import Group, Invitation, Membership
from ..permissions import require_addressee, require_manage, require_signed_in
from .groups import admit

Status = Invitation.Status

# Upper-case letters and digits without the look-alikes 0/O and 1/I/L, easy to read out in a
# class; 10 symbols of 31 are about 50 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


# --- inviting -------------------------------------------------------------------------------------


def _clean_address(group: Group, email: str) -> str:
    address = normalize_email(email)
    if not address:
        raise ValidationError({"email": _("Enter the student's e-mail address.")})
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    if address == normalize_email(group.teacher.email):
        raise ValidationError({"email": _("The group's teacher cannot be its student.")})
    return address


def _check_daily_limit(actor) -> None:
    if is_staff(actor):
        return
    since = timezone.now() - timedelta(days=1)
    sent = Invitation.objects.filter(invited_by=actor, created_at__gt=since)
    if sent.count() < app_settings.SCHEDULE_INVITATIONS_PER_DAY:
        return
    oldest = sent.order_by("created_at").values_list("created_at", flat=True).first()
    wait = (oldest - since).total_seconds() if oldest else 24 * 3600
    raise TooManyInvitations(retry_after=max(1, int(wait)))


@transaction.atomic
def invite(actor, group: Group, email: str) -> Invitation:
    """Invite an address to the group (the group's teacher or staff, with a confirmed address).

    Nobody is added here. A pending invitation to the same address is answered as it is (no
    second e-mail); an expired one is renewed and sent again.
    """
    require_manage(actor, group)
    require_verified_email(actor)  # the site e-mails a stranger on this person's word
    address = _clean_address(group, email)
    now = timezone.now()
    expires = now + timedelta(days=app_settings.SCHEDULE_INVITATION_DAYS)
    pending = (
        Invitation.objects.select_for_update()
        .filter(group=group, email=address, status=Status.PENDING)
        .first()
    )
    if pending is not None and not pending.is_expired:
        return pending
    _check_daily_limit(actor)
    if pending is not None:
        # A new token: the expired e-mail's link stays dead.
        pending.token = secrets.token_urlsafe(32)
        pending.invited_by, pending.created_at, pending.expires_at = actor, now, expires
        pending.save(update_fields=["token", "invited_by", "created_at", "expires_at"])
        invitation = pending
    else:
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    group=group, email=address, invited_by=actor, created_at=now, expires_at=expires
                )
        except IntegrityError:
            # The same address invited at the same instant: that invitation is the answer.
            return Invitation.objects.get(group=group, email=address, status=Status.PENDING)
    _deliver(invitation, actor)
    return invitation


def invitation_path(invitation: Invitation) -> str:
    """The invitation's own page (its token in the address: the link in the e-mail)."""
    return reverse("schedule:invitation", kwargs={"token": invitation.token})


def _link(path: str) -> str:
    """An address for the e-mail (the site's public origin, as certificates print it)."""
    return (app_settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def _deliver(invitation: Invitation, actor) -> None:
    """The e-mail to the address (after commit) and, for an account holder, a cabinet notice."""
    group = invitation.group
    inviter = actor.get_full_name() or actor.email
    title = _("%(teacher)s invites you to the group “%(group)s”") % {
        "teacher": inviter,
        "group": group.name,
    }
    until = formats.date_format(timezone.localtime(invitation.expires_at), "SHORT_DATE_FORMAT")
    page = invitation_path(invitation)
    person = User.objects.filter(email=invitation.email, is_active=True).first()
    if person is not None:
        body = _(
            "Open the invitation to accept or decline it. Only if you accept do you join the "
            "group and see its lessons in your calendar. The invitation is open until %(date)s."
        ) % {"date": until}
        notify(
            person,
            "courses",
            title,
            body=_("Accept or decline it on the Groups page."),
            url=reverse("schedule:groups"),
            key=f"group-invitation:{invitation.pk}:{invitation.token[:12]}",
            email=False,  # the e-mail below carries the link with the token
        )
        link = _link(page)
    else:
        body = _(
            "To accept, sign up on Ustat with this address (%(email)s), then open the "
            "invitation and accept it. Only if you accept do you join the group. The "
            "invitation is open until %(date)s."
        ) % {"email": invitation.email, "date": until}
        link = _link(reverse("account_signup") + "?" + urlencode({"next": page}))
    send_email.delay_on_commit(subject=title, body=f"{body}\n\n{link}", to=[invitation.email])


def group_invitations(actor, group: Group, status: str | None = None) -> QuerySet[Invitation]:
    """The group's invitations, newest first, for its teacher and staff."""
    require_manage(actor, group)
    invitations = Invitation.objects.filter(group=group).select_related("invited_by")
    if status:
        invitations = invitations.filter(status=status)
    return invitations


def open_invitation_count(user) -> int:
    """How many open invitations the desk tells the person of: kept for them (core.personal)
    until an invitation to their address is made or answered (``signals``) or the nearest
    one expires."""

    def count_and_nearest() -> tuple[int, datetime | None]:
        found = invitations_for(user).order_by().aggregate(n=Count("pk"), nearest=Min("expires_at"))
        return found["n"], found["nearest"]

    if not is_signed_in(user) or not user.email:
        return 0
    count, _nearest = personal.kept(
        user,
        "open-invitations",
        (user.email,),
        count_and_nearest,
        timeout=lambda found: personal.until(found[1]),
    )
    return count


def invitations_for(user) -> QuerySet[Invitation]:
    """The open invitations addressed to this person (pending, not expired)."""
    if not is_signed_in(user) or not user.email:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            email=user.email, status=Status.PENDING, expires_at__gt=timezone.now()
        )
        .select_related("group__teacher", "group__course")
        .order_by("-created_at", "-pk")
    )


def visible_invitations(user) -> QuerySet[Invitation]:
    """Every invitation this person may look at: sent to them, or of a group they manage."""
    if not is_signed_in(user):
        return Invitation.objects.none()
    invitations = Invitation.objects.select_related("group__teacher", "group__course", "invited_by")
    if is_staff(user):
        return invitations
    return invitations.filter(Q(email=user.email) | Q(group__teacher=user))


def invitation_by_token(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("group__teacher", "group__course")
        .filter(token=str(token)[:64])
        .first()
    )
    if invitation is None:
        raise NotFound(message=_("No such invitation. Ask the teacher to send a new one."))
    return invitation


# --- answering ------------------------------------------------------------------------------------


def _locked(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update().select_related("group").get(pk=invitation.pk)


def _answer(invitation: Invitation, status: str) -> None:
    invitation.status, invitation.responded_at = status, timezone.now()
    invitation.save(update_fields=["status", "responded_at"])


@transaction.atomic
def accept_invitation(user, invitation: Invitation, token: str | None = None) -> Membership:
    """The addressee joins the group (and gets its course). Accepting twice (two tabs, two
    clicks at once: the row lock orders them) answers the same membership."""
    invitation = _locked(invitation)
    require_addressee(user, invitation, token)
    if invitation.status == Status.ACCEPTED:
        membership = Membership.objects.filter(group=invitation.group, student=user).first()
        if membership is not None:
            return membership
        raise InvitationClosed  # accepted, then removed by the teacher: ask again
    if invitation.status != Status.PENDING or invitation.is_expired:
        raise InvitationClosed
    _answer(invitation, Status.ACCEPTED)
    return admit(invitation.group, user)


@transaction.atomic
def decline_invitation(user, invitation: Invitation, token: str | None = None) -> Invitation:
    invitation = _locked(invitation)
    require_addressee(user, invitation, token)
    if invitation.status == Status.DECLINED:
        return invitation
    if invitation.status != Status.PENDING or invitation.is_expired:
        raise InvitationClosed
    _answer(invitation, Status.DECLINED)
    return invitation


@transaction.atomic
def revoke_invitation(actor, invitation: Invitation) -> Invitation:
    """The teacher (or staff) withdraws a pending invitation: its link stops working."""
    invitation = _locked(invitation)
    require_manage(actor, invitation.group)
    if invitation.status == Status.REVOKED:
        return invitation
    if invitation.status != Status.PENDING:
        raise InvitationClosed(_("Only a pending invitation can be revoked."))
    _answer(invitation, Status.REVOKED)
    return invitation


# --- the join code --------------------------------------------------------------------------------


def normalize_code(code: str) -> str:
    """What a person typed (any case, spaces or dashes) → the stored code."""
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())[:32]


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


@transaction.atomic
def rotate_join_code(actor, group: Group) -> Group:
    """Turn joining by code on with a new code; whoever has the old one can no longer join."""
    require_manage(actor, group)
    while True:
        code = _new_code()
        try:
            with transaction.atomic():
                Group.objects.filter(pk=group.pk).update(join_code=code)
        except IntegrityError:  # another group has it (about one in 10^15): draw again
            continue
        group.join_code = code
        return group


def join_code(actor, group: Group) -> str | None:
    """The group's code for its teacher and staff (None: joining by code is off)."""
    require_manage(actor, group)
    return group.join_code


@transaction.atomic
def disable_join_code(actor, group: Group) -> Group:
    require_manage(actor, group)
    Group.objects.filter(pk=group.pk).update(join_code=None)
    group.join_code = None
    return group


def group_for_code(code: str) -> Group:
    """The group a join code opens (for the page that asks "join this group?")."""
    normalized = normalize_code(code)
    group = (
        Group.objects.select_related("teacher", "course").filter(join_code=normalized).first()
        if normalized
        else None
    )
    if group is None:
        raise NotFound(
            message=_("No group has this code. Check it, or ask the teacher for a new one."),
            field="code",
        )
    return group


@transaction.atomic
def join_by_code(user, code: str) -> Membership:
    """A signed-in person joins the group whose code they give (again: nothing changes)."""
    require_signed_in(user, _("Sign in to join a group."))
    group = group_for_code(code)
    return admit(group, user)
