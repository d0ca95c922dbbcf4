"""Approve, reject with a reason, pin: one view for reviews and replies, calling
reviews.services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import DomainError

from .. import permissions, services
from ..models import Review, ReviewReply
from .common import ACTION_URL, excerpt, target_label


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
