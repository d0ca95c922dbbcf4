"""The queue of reported messages: open reports, the newest first (``services.open_reports``),
each with the message, its author, the reporter and the reason; a moderator dismisses the
report (the message stays) or deletes the message (every open report on it is closed)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from core.errors import DomainError

from .. import services, text
from ..models import Conversation, MessageReport
from ..permissions import on_support_team
from .common import SupportMenuItem, message_excerpt, person_label

ACTIONS = {
    "dismiss": gettext_lazy("Dismiss the report"),
    "delete": gettext_lazy("Delete the message"),
}


class ReportsMenuItem(SupportMenuItem):
    def waiting(self, user) -> int:
        return services.open_reports(user).count()


def action_url(report: MessageReport, action: str) -> str:
    return reverse("message_reports:action", args=[report.pk, action])


def where(report: MessageReport) -> str:
    conversation = report.message.conversation
    if conversation.kind == Conversation.Kind.SUPPORT:
        return _("Support conversation")
    return conversation.get_kind_display()


class ReportIndexView(IndexView):
    page_title = gettext_lazy("Reported messages")

    def get_page_title(self):
        return str(self.page_title)

    def get_edit_url(self, instance):
        return None

    def get_base_queryset(self):
        return services.open_reports(self.request.user)

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "message",
                label=pgettext_lazy("reported", "Message"),
                accessor=lambda r: message_excerpt(r.message, 120),
                get_url=lambda r: action_url(r, "delete"),
            ),
            Column(
                "author",
                label=gettext_lazy("Author"),
                accessor=lambda r: person_label(r.message.author),
            ),
            Column("where", label=gettext_lazy("Conversation"), accessor=where),
            Column(
                "reporter",
                label=gettext_lazy("Reported by"),
                accessor=lambda r: person_label(r.reporter),
            ),
            Column(
                "reason",
                label=gettext_lazy("Reason"),
                accessor=lambda r: r.reason or "—",
            ),
            DateColumn("created_at", label=gettext_lazy("Reported on")),
        ]

    @cached_property
    def no_results_message(self):
        return _("No reported messages wait for a moderator.")

    def get_list_more_buttons(self, instance):
        return [
            Button(
                ACTIONS["dismiss"],
                url=action_url(instance, "dismiss"),
                icon_name="check",
                priority=10,
            ),
            Button(
                ACTIONS["delete"], url=action_url(instance, "delete"), icon_name="bin", priority=20
            ),
        ]


class ReportActionView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the report and asks to confirm; POST calls the service."""

    template_name = "messaging/admin/report_action.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.action = kwargs["action"]
        if self.action not in ACTIONS or not on_support_team(request.user):
            raise PermissionDenied
        self.report = get_object_or_404(
            MessageReport.objects.select_related(
                "message__author", "message__conversation", "reporter", "resolved_by"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(ACTIONS[self.action])

    def get_page_subtitle(self):
        return person_label(self.report.message.author)

    def back_url(self) -> str:
        return reverse("message_reports:index")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.back_url(), "label": _("Reported messages")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.report.message
        conversation = message.conversation
        context.update(
            report=self.report,
            message=message,
            html="" if message.deleted_at else text.render(message.text),
            where=where(self.report),
            conversation_url=(
                reverse("support_inbox:conversation", args=[conversation.pk])
                if conversation.kind == Conversation.Kind.SUPPORT
                else None
            ),
            action=self.action,
            other_action=next(a for a in ACTIONS if a != self.action),
            other_url=action_url(self.report, next(a for a in ACTIONS if a != self.action)),
            other_label=next(label for a, label in ACTIONS.items() if a != self.action),
            back_url=self.back_url(),
            author=person_label(message.author),
            reporter=person_label(self.report.reporter),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            if self.action == "dismiss":
                services.dismiss_report(request.user, self.report)
                done = _("The report is dismissed; the message stays.")
            else:
                closed = services.remove_reported_message(request.user, self.report)
                done = _("The message is deleted; %(n)s report(s) on it closed.") % {"n": closed}
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect(self.back_url())


class ReportViewSet(ModelViewSet):
    model = MessageReport
    url_prefix = "support/reports"
    url_namespace = "message_reports"
    icon = "warning"
    menu_label = gettext_lazy("Reported messages")
    menu_order = 200
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ReportIndexView
    menu_item_class = ReportsMenuItem
    list_per_page = 30

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<id:pk>/<slug:action>/", ReportActionView.as_view(), name="action"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()
