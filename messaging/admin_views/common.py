"""What the support screens share: who sees them (the permission policy and menu items) and
how a wait, a person and a message excerpt read."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ..models import Conversation, Message, MessageReport
from ..permissions import on_support_team


class SupportTeamPolicy(ModelPermissionPolicy):
    """The support team views (and, through the services, acts); nobody adds, edits or
    deletes rows here."""

    def user_has_permission(self, user, action):
        return action in {"view", "change"} and on_support_team(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


conversation_policy = SupportTeamPolicy(Conversation)
report_policy = SupportTeamPolicy(MessageReport)
register_permission_policy(Conversation, conversation_policy)
register_permission_policy(MessageReport, report_policy)


class SupportMenuItem(MenuItem):
    """Shown to the support team, with the number waiting for them ("Inbox (3)")."""

    def is_shown(self, request):
        return on_support_team(request.user)

    def waiting(self, user) -> int:
        return 0

    def render_component(self, request):
        waiting = self.waiting(request.user)
        label = f"{self.label} ({waiting})" if waiting else self.label
        return LinkMenuItemComponent(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


def waiting_label(since: datetime | None, now: datetime | None = None) -> str:
    """ "waiting 2 hours" from ``waiting_since``; "answered" when nobody waits."""
    if since is None:
        return _("answered, not waiting")
    now = now or timezone.now()
    if (now - since).total_seconds() < 60:
        return _("waiting under a minute")
    return _("waiting %(time)s") % {"time": timesince(since, now, depth=1)}


def person_label(user) -> str:
    if user is None:
        return "—"
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


def person_name(user) -> str:
    if user is None:
        return _("Deleted account")
    return user.get_full_name() or user.email


def message_excerpt(message: Message | None, length: int = 90) -> str:
    if message is None:
        return "—"
    if message.deleted_at is not None:
        return _("(deleted)")
    text = Truncator(" ".join(message.text.split())).chars(length)
    if message.attachment_name:
        attached = _("file: %(name)s") % {"name": message.attachment_name}
        text = f"{text} · {attached}" if text else attached
    return text or "—"
