"""What the queue's listings and actions share: who moderates, the permission policy, the
action buttons, labels and the menu items."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from courses.permissions import is_editor

from .. import permissions
from ..models import Review, ReviewReply

ACTION_URL = "reviews_moderate"


def moderates(user) -> bool:
    """``is_editor`` (moderators and editors), asked once per request: a listing asks it for
    every row's buttons."""
    answer = getattr(user, "_moderates_reviews", None)
    if answer is None:
        answer = is_editor(user)
        user._moderates_reviews = answer
    return answer


class ModerationPolicy(ModelPermissionPolicy):
    """Moderators and editors view and moderate ("change"); nobody adds or deletes here."""

    def user_has_permission(self, user, action):
        return action in {"view", "change"} and moderates(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


review_policy = ModerationPolicy(Review)
reply_policy = ModerationPolicy(ReviewReply)
register_permission_policy(Review, review_policy)
register_permission_policy(ReviewReply, reply_policy)


def not_about(user) -> Q:
    """Reviews that are not of this person nor of a course they teach (or own)."""
    return ~(Q(tutor=user) | Q(course__teacher=user) | Q(course__owner=user))


def action_url(kind: str, item, action: str) -> str:
    return reverse(ACTION_URL, args=[kind, item.pk, action])


def action_buttons(user, kind: str, item, priority: int) -> list[Button]:
    # permissions.can_moderate without its query per row; the services check it again.
    review = item if kind == "review" else item.review
    if not moderates(user) or permissions.is_about(user, review):
        return []
    buttons = []
    if not item.is_published:
        buttons.append(
            Button(
                _("Approve"),
                url=action_url(kind, item, "approve"),
                icon_name="check",
                priority=priority,
            )
        )
    if item.status != item.Status.REJECTED:
        buttons.append(
            Button(
                _("Reject"),
                url=action_url(kind, item, "reject"),
                icon_name="cross",
                priority=priority + 1,
            )
        )
    if kind == "review" and item.is_published:
        if getattr(item, "open_reports", 0):
            buttons.append(
                Button(
                    _("Keep it (close the reports)"),
                    url=action_url(kind, item, "approve"),
                    icon_name="check",
                    priority=priority + 2,
                )
            )
        label = _("Unpin from the home page") if item.pinned else _("Pin to the home page")
        buttons.append(
            Button(
                label, url=action_url(kind, item, "pin"), icon_name="pick", priority=priority + 3
            )
        )
    return buttons


def target_label(review: Review) -> str:
    if review.course_id:
        return _("Course: %(title)s") % {"title": review.course.title}
    return _("Tutor: %(name)s") % {"name": review.tutor.get_full_name() or review.tutor.email}


def stars_text(review: Review) -> str:
    return f"{review.rating}★"


def excerpt(item) -> str:
    return Truncator(item.text).chars(80) or "—"


def waiting_count(user) -> int:
    """Reviews waiting for a moderator: pending, or published with open reports."""
    return (
        Review.objects.filter(not_about(user))
        .filter(
            Q(status=Review.Status.PENDING)
            | Q(
                status=Review.Status.PUBLISHED,
                reports__isnull=False,
                reports__resolved_at__isnull=True,
            )
        )
        .distinct()
        .count()
    )


class PendingMenuItem(MenuItem):
    """ "Reviews" with the number waiting for a moderator; shown to moderators and editors."""

    def is_shown(self, request):
        return moderates(request.user)

    def render_component(self, request):
        waiting = waiting_count(request.user)
        label = f"{self.label} ({waiting})" if waiting else self.label
        return LinkMenuItemComponent(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return moderates(request.user)
