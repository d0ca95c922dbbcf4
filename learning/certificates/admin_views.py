"""Certificates in the Wagtail admin: the list (filters, search), one certificate, and the
revoke (with a reason) and re-issue actions. Registered in wagtail_hooks.py.

Nobody adds, edits or deletes a certificate here: they are issued on completion (or by
hand through the API) and stay for verification. The actions call ``services``, which check
the permission (``permissions.can_administer``: staff with "Can change certificate").
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .errors import CertificateError
from .models import Certificate
from .permissions import can_administer

REVOKE_URL_NAME = "certificates_revoke"
REISSUE_URL_NAME = "certificates_reissue"


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Viewed, revoked and re-issued ("change"); never added or deleted in the admin."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)


certificate_permission_policy = CertificatePermissionPolicy(Certificate)
register_permission_policy(Certificate, certificate_permission_policy)


def revoke_url(certificate: Certificate) -> str:
    return reverse(REVOKE_URL_NAME, args=[certificate.pk])


def reissue_url(certificate: Certificate) -> str:
    return reverse(REISSUE_URL_NAME, args=[certificate.pk])


def action_buttons(user, certificate: Certificate, priority: int) -> list[Button]:
    if not can_administer(user):
        return []
    buttons = []
    if certificate.is_valid:
        buttons.append(
            Button(_("Revoke"), url=revoke_url(certificate), icon_name="cross", priority=priority)
        )
    buttons.append(
        Button(
            _("Re-issue"), url=reissue_url(certificate), icon_name="rotate", priority=priority + 1
        )
    )
    return buttons


class CertificateFilterSet(WagtailFilterSet):
    issued_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Issued"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Certificate
        fields = ["status", "course", "issued_at"]


class CertificateIndexView(IndexView):
    def get_edit_url(self, instance):
        return None  # "change" is revoke and re-issue, not a form: rows open the inspect view

    @cached_property
    def columns(self):
        # The code is the title column: it links to the certificate and carries the actions.
        title = self._get_title_column_class(TitleColumn)(
            "display_code",
            label=gettext_lazy("Verification code"),
            sort_key="code",
            get_url=self.get_inspect_url,
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "course")

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *action_buttons(self.request.user, instance, 40),
        ]


class CertificateInspectView(InspectView):
    def get_edit_url(self):
        return None

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *action_buttons(self.request.user, self.object, 30),
        ]


class CertificateViewSet(ModelViewSet):
    model = Certificate
    # "certificates" is the verification pages' namespace already.
    url_prefix = "certificates"
    url_namespace = "certificates_admin"
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    menu_order = 315
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    list_display = [
        Column("display_code", label=gettext_lazy("Verification code"), sort_key="code"),
        "learner_name",
        "course_title",
        "status",
        "issued_at",
        "revoked_at",
    ]
    filterset_class = CertificateFilterSet
    search_fields = ["code", "learner_name", "course_title", "user__email"]
    search_backend_name = None  # plain database lookups on these fields
    inspect_view_fields = [
        "code",
        "user",
        "learner_name",
        "course",
        "course_title",
        "teacher_name",
        "status",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
    ]
    list_per_page = 50

    def get_urlpatterns(self):
        # The list, its results fragment and one certificate; the actions are separate views.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<uuid:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return (
            super()
            .get_permissions_to_register()
            .filter(codename__in=["view_certificate", "change_certificate"])
        )


certificate_viewset = CertificateViewSet("certificates")


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The learner sees it on the certificate's verification page."),
    )


class CertificateActionView(WagtailAdminTemplateMixin, FormView):
    """One action on one certificate; only for staff who may manage certificates."""

    header_icon = "doc-full"
    action_label = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_administer(request.user):
            raise PermissionDenied
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("user", "course"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return str(self.certificate)

    def back_url(self) -> str:
        return reverse("certificates_admin:inspect", args=[self.certificate.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates_admin:index"), "label": _("Certificates")},
            {"url": self.back_url(), "label": self.certificate.display_code},
            {"url": "", "label": self.action_label},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(certificate=self.certificate, back_url=self.back_url())
        return context


class RevokeCertificateView(CertificateActionView):
    """GET asks for the reason; POST revokes: the verification page says so from then on."""

    template_name = "certificates/admin/confirm_revoke.html"
    form_class = RevokeForm

    @property
    def action_label(self):
        return _("Revoke")

    def form_valid(self, form):
        try:
            services.revoke_from_admin(
                self.certificate, self.request.user, form.cleaned_data["reason"]
            )
        except CertificateError as error:
            form.add_error("reason", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Certificate %(code)s is revoked.") % {"code": self.certificate.display_code},
        )
        return redirect(self.back_url())


class ReissueCertificateView(CertificateActionView):
    """GET asks to confirm; POST makes a new certificate (new code, new PDF) in its place."""

    template_name = "certificates/admin/confirm_reissue.html"
    form_class = forms.Form

    @property
    def action_label(self):
        return _("Re-issue")

    def form_valid(self, form):
        try:
            new = services.reissue(self.certificate, self.request.user)
        except CertificateError as error:
            messages.error(self.request, str(error))
            return redirect(self.back_url())
        messages.success(
            self.request,
            _("Certificate %(old)s is replaced by %(new)s; the learner has been told.")
            % {"old": self.certificate.display_code, "new": new.display_code},
        )
        return redirect(reverse("certificates_admin:inspect", args=[new.pk]))


def admin_urls() -> list:
    return [
        path(
            "certificates/<uuid:pk>/revoke/",
            RevokeCertificateView.as_view(),
            name=REVOKE_URL_NAME,
        ),
        path(
            "certificates/<uuid:pk>/reissue/",
            ReissueCertificateView.as_view(),
            name=REISSUE_URL_NAME,
        ),
    ]
