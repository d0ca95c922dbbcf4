"""Groups, their members and the invitations to join them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def default_timezone() -> str:
    return settings.TIME_ZONE


class Group(models.Model):
    name = models.CharField(_("name"), max_length=200)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="teaching_groups",
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("students"),
        through="Membership",
        related_name="learning_groups",
        blank=True,
    )
    # Members of a group tied to a course get access to it (enrollment source "group").
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#2f6fed",
        help_text=_("Shown in the calendar, e.g. #2f6fed."),
    )
    # A code the teacher shares: whoever has it joins the group (None: joining by code is off).
    join_code = models.CharField(
        _("join code"), max_length=16, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "student"], name="unique_group_member")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.student}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An offer to join a group sent to an e-mail address: only its addressee's "yes" makes
    them a member. Past ``expires_at`` a pending invitation can no longer be accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation", "Declined")
        REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="invitations"
    )
    # Stored as accounts.models.normalize_email spells it, like the users' addresses.
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # In the e-mail's link: having it proves the mailbox (see services.invitations).
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("group invitation")
        verbose_name_plural = _("group invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email", "status"], name="schedule_invitation_addressee")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.email}"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()
