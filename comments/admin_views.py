"""Reported and hidden comments in the Wagtail admin ("Comments" in the menu, with the number
waiting): a listing with filters, an inspect view with the reports, and the actions hide,
restore and keep (close the reports). The reviews' queue is the model (reviews.admin_views).

Staff, editors and moderators see it (``permissions.is_moderator``, the rule the services use).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.admin_columns import YesNoColumn
from core.errors import DomainError

from . import services
from .models import Comment
from .permissions import is_moderator
from .targets import target_of, target_title

ACTION_URL = "comments_moderate"
RELATED = ("author", "lesson", "homework", "submission__homework", "video")


class ModerationPolicy(ModelPermissionPolicy):
    """Moderators view and moderate ("change"); nobody adds or deletes here."""

    def user_has_permission(self, user, action):
        return action in {"view", "change"} and is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Comment, ModerationPolicy(Comment))


def excerpt(comment: Comment) -> str:
    return Truncator(comment.text).chars(80) or "—"


def target_label(comment: Comment) -> str:
    target = target_of(comment)
    if comment.video_id:
        return _("Video: %(title)s") % {"title": target_title(target)}
    if comment.lesson_id:
        return _("Lesson: %(title)s") % {"title": target_title(target)}
    return _("Homework: %(title)s") % {"title": target_title(target)}


def action_buttons(user, comment: Comment, priority: int) -> list[Button]:
    if not is_moderator(user):
        return []
    buttons = []
    if comment.hidden_at is None:
        buttons.append(
            Button(_("Hide"), url=action_url(comment, "hide"), icon_name="cross", priority=priority)
        )
    else:
        buttons.append(
            Button(
                _("Show again"),
                url=action_url(comment, "restore"),
                icon_name="view",
                priority=priority,
            )
        )
    if getattr(comment, "open_reports", 0):
        buttons.append(
            Button(
                _("Keep it (close the reports)"),
                url=action_url(comment, "keep"),
                icon_name="check",
                priority=priority + 1,
            )
        )
    return buttons


def action_url(comment: Comment, action: str) -> str:
    return reverse(ACTION_URL, args=[comment.pk, action])


def listed() -> Q:
    """Comments in the listing: ever reported, or hidden."""
    return Q(reports__isnull=False) | Q(hidden_at__isnull=False)


def waiting_count() -> int:
    """Comments with open reports (each counted once, however many people reported it)."""
    return (
        Comment.objects.filter(reports__resolved_at__isnull=True, reports__isnull=False)
        .values("pk")
        .distinct()
        .count()
    )


class CommentFilterSet(WagtailFilterSet):
    reported = django_filters.BooleanFilter(
        label=gettext_lazy("Open reports"), method="filter_reported"
    )
    hidden = django_filters.BooleanFilter(label=gettext_lazy("Hidden"), method="filter_hidden")

    class Meta:
        model = Comment
        fields = ["reported", "hidden"]

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_reports__gt=0) if value else queryset.filter(open_reports=0)

    def filter_hidden(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(hidden_at__isnull=not value)


class CommentIndexView(IndexView):
    default_ordering = ["-open_reports", "-created_at"]

    def get_edit_url(self, instance):
        return None  # moderation is hide, restore and keep: rows open the inspect view

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "text",
            label=gettext_lazy("Comment"),
            accessor=excerpt,
            get_url=self.get_inspect_url,
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        return (
            Comment.objects.filter(pk__in=Comment.objects.filter(listed()).values("pk"))
            .select_related(*RELATED)
            .annotate(
                open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
                all_reports=Count("reports"),
            )
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *action_buttons(self.request.user, instance, 40),
        ]


class CommentInspectView(InspectView):
    def get_edit_url(self):
        return None

    @cached_property
    def header_more_buttons(self):
        self.object.open_reports = self.object.reports.filter(resolved_at__isnull=True).count()
        return [
            *super().header_more_buttons,
            *action_buttons(self.request.user, self.object, 30),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = list(self.object.reports.select_related("reporter"))
        context["target"] = target_label(self.object)
        return context


class PendingMenuItem(MenuItem):
    """ "Comments" with the number waiting for a moderator; shown to moderators."""

    def is_shown(self, request):
        return is_moderator(request.user)

    def render_component(self, request):
        waiting = waiting_count()
        label = f"{self.label} ({waiting})" if waiting else self.label
        return LinkMenuItemComponent(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class CommentViewSet(ModelViewSet):
    model = Comment
    url_prefix = "comments"
    url_namespace = "comments_admin"
    icon = "comment"
    menu_label = gettext_lazy("Comments")
    menu_order = 330
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    menu_item_class = PendingMenuItem
    list_display = [
        "text",
        Column("target", label=gettext_lazy("On"), accessor=target_label),
        "author",
        Column("open_reports", label=gettext_lazy("Open reports"), sort_key="open_reports"),
        Column("all_reports", label=gettext_lazy("Reports"), sort_key="all_reports"),
        YesNoColumn("hidden_at", label=gettext_lazy("Hidden"), accessor="hidden_at"),
        "created_at",
    ]
    filterset_class = CommentFilterSet
    search_fields = ["text", "author__email", "author__first_name", "author__last_name"]
    search_backend_name = None
    inspect_view_fields = ["author", "text", "created_at", "like_count", "hidden_at", "hidden_by"]
    inspect_template_name = "comments/admin/inspect.html"
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()


class ModerateView(WagtailAdminTemplateMixin, FormView):
    """GET asks to confirm; POST calls the service."""

    template_name = "comments/admin/moderate.html"
    header_icon = "comment"
    form_class = forms.Form
    LABELS = {
        "hide": gettext_lazy("Hide"),
        "restore": gettext_lazy("Show again"),
        "keep": gettext_lazy("Keep it (close the reports)"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.action = kwargs["action"]
        if self.action not in self.LABELS or not is_moderator(request.user):
            raise PermissionDenied
        self.item = get_object_or_404(Comment.objects.select_related(*RELATED), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.LABELS[self.action])

    def get_page_subtitle(self):
        return excerpt(self.item)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            item=self.item,
            back_url=reverse("comments_admin:index"),
            target=target_label(self.item),
        )
        return context

    def form_valid(self, form):
        user = self.request.user
        try:
            if self.action == "keep":
                services.keep(user, self.item)
                done = _("Kept: the reports are closed.")
            else:
                hidden = self.action == "hide"
                services.set_hidden(user, self.item, hidden)
                done = _("Hidden from readers.") if hidden else _("Shown to readers again.")
        except DomainError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect("comments_admin:index")


comment_viewset = CommentViewSet("comments")


def admin_urls() -> list:
    return [
        path(
            "comments/moderate/<int:pk>/<slug:action>/",
            ModerateView.as_view(),
            name=ACTION_URL,
        )
    ]
