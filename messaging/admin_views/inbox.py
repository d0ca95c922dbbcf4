"""The support inbox: support conversations in tabs (unassigned, mine, all; open or closed),
the longest waiting first (``services.support_inbox`` decides what and in which order)."""

from __future__ import annotations

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from .. import services
from ..models import Conversation
from .common import (
    SupportMenuItem,
    message_excerpt,
    person_label,
    person_name,
    waiting_label,
)
from .conversation import ConversationView

SCOPES = [
    ("unassigned", gettext_lazy("Unassigned")),
    ("mine", gettext_lazy("Assigned to me")),
    ("all", gettext_lazy("All")),
]
# Own labels: the model's "Open" reads as a verb in Russian ("Открыть").
STATUSES = [
    (Conversation.Status.OPEN.value, pgettext_lazy("support conversation", "Open")),
    (Conversation.Status.CLOSED.value, pgettext_lazy("support conversation", "Closed")),
]
STATUS_LABELS = dict(STATUSES)


def _as_given(queryset, name, value):
    return queryset  # the service has applied it (get_base_queryset)


class InboxFilterSet(WagtailFilterSet):
    """Validates the tab and the status; ``services.support_inbox`` applies them."""

    scope = django_filters.ChoiceFilter(
        label=gettext_lazy("Whose"),
        choices=SCOPES,
        method=_as_given,
        empty_label=gettext_lazy("Unassigned"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=STATUSES,
        method=_as_given,
        empty_label=pgettext_lazy("support conversation", "Open"),
    )

    class Meta:
        model = Conversation
        fields = ["scope", "status"]


class InboxMenuItem(SupportMenuItem):
    def waiting(self, user) -> int:
        """Open conversations nobody has taken."""
        return services.support_inbox(user, "unassigned").count()


def conversation_url(conversation: Conversation) -> str:
    return reverse("support_inbox:conversation", args=[conversation.pk])


class InboxIndexView(IndexView):
    results_template_name = "messaging/admin/inbox_results.html"

    page_title = gettext_lazy("Support")

    def get_page_title(self):
        return str(self.page_title)

    def get_edit_url(self, instance):
        return None

    @cached_property
    def chosen(self) -> dict[str, str]:
        data = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        return {
            "scope": data.get("scope") or "unassigned",
            "status": data.get("status") or Conversation.Status.OPEN,
        }

    def get_base_queryset(self):
        return services.support_inbox(self.request.user, **self.chosen)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "created_by",
                label=gettext_lazy("Who asked"),
                accessor=lambda c: person_name(c.created_by),
                get_url=conversation_url,
            ),
            Column(
                "last_message",
                label=gettext_lazy("Last message"),
                accessor=lambda c: message_excerpt(c.last_message),
            ),
            Column(
                "waiting_since",
                label=gettext_lazy("Waiting"),
                accessor=lambda c: waiting_label(c.waiting_since),
                classname="w-whitespace-nowrap",
            ),
            Column(
                "assigned_to",
                label=gettext_lazy("Assigned to"),
                accessor=lambda c: person_label(c.assigned_to) if c.assigned_to_id else "—",
            ),
            StatusTagColumn(
                "status",
                label=gettext_lazy("Status"),
                accessor=lambda c: STATUS_LABELS.get(c.status, c.status),
                primary=lambda c: c.status == Conversation.Status.OPEN,
            ),
        ]

    @cached_property
    def no_results_message(self):
        return _("No support conversations here.")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        base = reverse("support_inbox:index")
        status = self.chosen["status"]
        context["scope_tabs"] = [
            {
                "label": label,
                "url": f"{base}?scope={value}&status={status}",
                "current": value == self.chosen["scope"],
            }
            for value, label in SCOPES
        ]
        context["status_tabs"] = [
            {
                "label": label,
                "url": f"{base}?scope={self.chosen['scope']}&status={value}",
                "current": value == status,
            }
            for value, label in STATUSES
        ]
        return context


class InboxViewSet(ModelViewSet):
    model = Conversation
    url_prefix = "support"
    url_namespace = "support_inbox"
    icon = "mail"
    menu_label = gettext_lazy("Inbox")
    menu_order = 100
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = InboxIndexView
    menu_item_class = InboxMenuItem
    filterset_class = InboxFilterSet
    search_fields = ["created_by__email", "created_by__first_name", "created_by__last_name"]
    search_backend_name = None  # plain database lookups, within the chosen tab
    list_per_page = 30

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<id:pk>/", ConversationView.as_view(), name="conversation"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()
