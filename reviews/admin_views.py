"""The moderation queue in the Wagtail admin: Reviews and Replies (a menu group), each a listing
with filters (status, target, rating, date, reported) and the actions approve, reject with a
reason and (reviews) pin to the home page. Registered in wagtail_hooks.py.

Moderators and editors see the queue (``permissions.is_editor``, the rule the services use);
nobody adds or edits a review here. A tutor who moderates never sees the reviews of
themselves or of their courses: the listing leaves them out and the services refuse them.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.admin_columns import YesNoColumn
from core.errors import DomainError
from courses.permissions import is_editor

from . import permissions, services
from .models import Review, ReviewReply

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


# --- Reviews ---------------------------------------------------------------------------------


class ReviewFilterSet(WagtailFilterSet):
    target = django_filters.ChoiceFilter(
        label=gettext_lazy("Reviewed"),
        choices=[("course", gettext_lazy("Courses")), ("tutor", gettext_lazy("Tutors"))],
        method="filter_target",
        empty_label=gettext_lazy("Courses and tutors"),
    )
    reported = django_filters.BooleanFilter(
        label=gettext_lazy("Reported"), method="filter_reported"
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Written"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Review
        fields = ["status", "target", "rating", "reported", "pinned", "created_at"]

    def filter_target(self, queryset, name, value):
        if value == "course":
            return queryset.filter(course__isnull=False)
        if value == "tutor":
            return queryset.filter(tutor__isnull=False)
        return queryset

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_reports__gt=0) if value else queryset.filter(open_reports=0)


class ReviewIndexView(IndexView):
    def get_edit_url(self, instance):
        return None  # moderation is approve, reject and pin: rows open the inspect view

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "text",
            label=gettext_lazy("Review"),
            accessor=excerpt,
            get_url=self.get_inspect_url,
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(not_about(self.request.user))
            .select_related("author", "course", "tutor")
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *action_buttons(self.request.user, "review", instance, 40),
        ]


class ReviewInspectView(InspectView):
    def get_edit_url(self):
        return None

    def get_object(self, queryset=None):
        review = super().get_object(queryset)
        if not permissions.can_moderate(self.request.user, review):
            raise PermissionDenied
        return review

    @cached_property
    def header_more_buttons(self):
        self.object.open_reports = self.object.reports.filter(resolved_at__isnull=True).count()
        return [
            *super().header_more_buttons,
            *action_buttons(self.request.user, "review", self.object, 30),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = list(self.object.reports.select_related("reporter"))
        return context


class ReviewViewSet(ModelViewSet):
    model = Review
    url_prefix = "reviews"
    url_namespace = "reviews_admin"
    icon = "openquote"
    menu_label = gettext_lazy("Reviews")
    menu_order = 100
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReviewIndexView
    inspect_view_class = ReviewInspectView
    menu_item_class = PendingMenuItem
    list_display = [
        "text",
        Column("target", label=gettext_lazy("Reviewed"), accessor=target_label),
        "author",
        Column("rating", label=gettext_lazy("Rating"), sort_key="rating", accessor=stars_text),
        "status",
        Column("open_reports", label=gettext_lazy("Open reports"), sort_key="open_reports"),
        YesNoColumn("pinned", label=gettext_lazy("Pinned"), sort_key="pinned"),
        "created_at",
    ]
    filterset_class = ReviewFilterSet
    search_fields = ["text", "author__email", "author__first_name", "author__last_name"]
    search_backend_name = None
    inspect_view_fields = [
        "course",
        "tutor",
        "author",
        "rating",
        "text",
        "language",
        "status",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
        "updated_at",
        "published_at",
        "pinned",
    ]
    inspect_template_name = "reviews/admin/inspect.html"
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()


# --- Replies ---------------------------------------------------------------------------------


class ReplyFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Written"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ReviewReply
        fields = ["status", "created_at"]


class ReplyIndexView(IndexView):
    def get_edit_url(self, instance):
        return None

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "text",
            label=gettext_lazy("Reply"),
            accessor=excerpt,
            get_url=self.get_inspect_url,
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        user = self.request.user
        return (
            super()
            .get_base_queryset()
            .exclude(review__tutor=user)
            .exclude(review__course__teacher=user)
            .exclude(review__course__owner=user)
            .select_related("author", "review__author", "review__course", "review__tutor")
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *action_buttons(self.request.user, "reply", instance, 40),
        ]


class ReplyInspectView(InspectView):
    def get_edit_url(self):
        return None

    def get_object(self, queryset=None):
        reply = super().get_object(queryset)
        if not permissions.can_moderate(self.request.user, reply):
            raise PermissionDenied
        return reply

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *action_buttons(self.request.user, "reply", self.object, 30),
        ]


class ReplyViewSet(ModelViewSet):
    model = ReviewReply
    url_prefix = "reviews/replies"
    url_namespace = "review_replies_admin"
    icon = "comment"
    menu_label = gettext_lazy("Replies")
    menu_order = 200
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReplyIndexView
    inspect_view_class = ReplyInspectView
    menu_item_class = ModeratorMenuItem
    list_display = [
        "text",
        Column("review", label=gettext_lazy("To the review"), accessor=lambda r: excerpt(r.review)),
        "author",
        "status",
        "created_at",
    ]
    filterset_class = ReplyFilterSet
    search_fields = ["text", "author__email"]
    search_backend_name = None
    inspect_view_fields = [
        "review",
        "author",
        "text",
        "status",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
        "published_at",
    ]
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()


class ModerationGroup(ViewSetGroup):
    menu_label = gettext_lazy("Reviews")
    menu_icon = "openquote"
    menu_order = 320
    items = (ReviewViewSet("reviews"), ReplyViewSet("review_replies"))


review_viewset = ModerationGroup()


# --- Actions -------------------------------------------------------------------------------


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The author reads it in their cabinet."),
    )


class ModerateView(WagtailAdminTemplateMixin, FormView):
    """GET asks to confirm (and for a reason to reject); POST calls the service."""

    template_name = "reviews/admin/moderate.html"
    header_icon = "openquote"
    LABELS = {
        "approve": gettext_lazy("Approve"),
        "reject": gettext_lazy("Reject"),
        "pin": gettext_lazy("Pin to the home page"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.kind, self.action = kwargs["kind"], kwargs["action"]
        if self.kind not in ("review", "reply") or self.action not in self.LABELS:
            raise PermissionDenied
        if self.kind == "reply" and self.action == "pin":
            raise PermissionDenied
        model = Review if self.kind == "review" else ReviewReply
        related = (
            ("author", "course", "tutor")
            if model is Review
            else ("author", "review__course", "review__tutor", "review__author")
        )
        self.item = get_object_or_404(model.objects.select_related(*related), pk=kwargs["pk"])
        if not permissions.can_moderate(request.user, self.item):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return RejectForm if self.action == "reject" else forms.Form

    def get_page_title(self):
        if self.action == "pin" and self.item.pinned:
            return _("Unpin from the home page")
        return str(self.LABELS[self.action])

    def get_page_subtitle(self):
        return excerpt(self.item)

    def back_url(self) -> str:
        namespace = "reviews_admin" if self.kind == "review" else "review_replies_admin"
        return reverse(f"{namespace}:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.item if self.kind == "review" else self.item.review
        context.update(
            item=self.item,
            review=review,
            kind=self.kind,
            action=self.action,
            back_url=self.back_url(),
            target=target_label(review),
        )
        return context

    def form_valid(self, form):
        user = self.request.user
        try:
            if self.action == "approve":
                services.approve(user, self.item)
                done = _("Approved: it is on the site.")
            elif self.action == "reject":
                services.reject(user, self.item, reason=form.cleaned_data["reason"])
                done = _("Rejected: the author has been told why.")
            else:
                pinned = not self.item.pinned
                services.set_pinned(user, self.item, pinned)
                done = _("Pinned to the home page.") if pinned else _("Unpinned.")
        except (DomainError, ValidationError) as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect(self.back_url())


def admin_urls() -> list:
    return [
        path(
            "reviews/moderate/<slug:kind>/<int:pk>/<slug:action>/",
            ModerateView.as_view(),
            name=ACTION_URL,
        )
    ]
