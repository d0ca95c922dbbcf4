"""One support conversation in the admin: its history (a page at a time, back through it,
the newest at the bottom), a reply, assigning, closing and reopening. Every action is a
service call; a refusal is shown as a message (or on the reply form, keeping the text)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import DomainError

from .. import payloads, services, text
from ..app_settings import app_settings
from ..models import Conversation
from ..permissions import on_support_team
from .common import person_label, waiting_label


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The person sees it at once if they have the site open."),
    )
    attachment = forms.FileField(label=gettext_lazy("File"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = app_settings.MESSAGING_MAX_LENGTH


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Assign to"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Nobody (unassigned)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = services.support_staff()
        field.label_from_instance = person_label


class ConversationView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "messaging/admin/conversation.html"
    header_icon = "mail"
    ACTIONS = ("reply", "assign", "assign_me", "close", "reopen")

    def dispatch(self, request, *args, **kwargs):
        if not on_support_team(request.user):
            raise PermissionDenied
        self.conversation: Conversation = services.support_conversation(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def url(self) -> str:
        return reverse("support_inbox:conversation", args=[self.conversation.pk])

    def get_page_title(self):
        return person_label(self.conversation.created_by)

    def get_page_subtitle(self):
        return _("Support conversation")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("support_inbox:index"), "label": _("Support")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, reply_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        conversation = self.conversation
        before = self.request.GET.get("before")
        try:
            page, has_older = services.messages_page(self.request.user, conversation, before=before)
        except DomainError:  # a cursor that is not a message id: the newest page
            before = None
            page, has_older = services.messages_page(self.request.user, conversation)
        page.reverse()  # the newest at the bottom
        history = [
            {
                "message": message,
                "html": "" if message.deleted_at else text.render(message.text),
                # The API's permission-checked download (the support team may read it).
                "attachment": payloads.attachment(message),
                "mine": message.author_id == self.request.user.pk,
            }
            for message in page
        ]
        context.update(
            conversation=conversation,
            history=history,
            older_url=f"{self.url}?before={page[0].pk}" if has_older and page else None,
            newest_url=self.url if before else None,
            waiting=waiting_label(conversation.waiting_since),
            is_open=conversation.status == Conversation.Status.OPEN,
            reply_form=reply_form or ReplyForm(),
            assign_form=AssignForm(initial={"assignee": conversation.assigned_to_id}),
            assigned_to_me=conversation.assigned_to_id == self.request.user.pk,
            url=self.url,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect(self.url)
        if action == "reply":
            return self.reply()
        user, conversation = request.user, self.conversation
        try:
            if action == "assign_me":
                services.assign(user, conversation, user)
                done = _("The conversation is assigned to you.")
            elif action == "assign":
                form = AssignForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Choose a member of the support team."))
                    return redirect(self.url)
                assignee = form.cleaned_data["assignee"]
                services.assign(user, conversation, assignee)
                done = (
                    _("Assigned to %(name)s.") % {"name": person_label(assignee)}
                    if assignee
                    else _("The conversation is unassigned.")
                )
            elif action == "close":
                services.close(user, conversation)
                done = _("Closed. The person's next message opens it again.")
            else:
                services.reopen(user, conversation)
                done = _("Reopened.")
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect(self.url)

    def reply(self):
        form = ReplyForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                services.send_message(
                    self.request.user,
                    self.conversation,
                    form.cleaned_data["text"],
                    form.cleaned_data["attachment"],
                )
            except (DomainError, ValidationError) as error:
                field = getattr(error, "field", None)
                form.add_error(field if field in form.fields else None, error.messages)
                messages.error(self.request, _("The reply was not sent."))
            else:
                messages.success(self.request, _("Your reply is sent."))
                return redirect(self.url)
        return self.render_to_response(self.get_context_data(reply_form=form))
