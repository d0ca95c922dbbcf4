""" "Video processing" in the Wagtail admin: every library video's transcode with its progress
and error, and a Retry button (POST) on failed ones. Registered in wagtail_hooks.py.

Staff see every video; others who may add videos see those they uploaded. The Retry action
calls ``services.retry``, which checks who may.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import DomainError
from core.permissions import is_signed_in, is_staff

from . import services
from .models import Transcode

INDEX_URL_NAME = "videos_transcodes"
RETRY_URL_NAME = "videos_transcode_retry"
PER_PAGE = 50


def can_see_processing(user) -> bool:
    return is_staff(user) or (is_signed_in(user) and user.has_perm("courses.add_coursemedia"))


def visible_transcodes(user):
    rows = Transcode.objects.select_related("media", "media__uploaded_by_user").order_by(
        "-updated_at", "-pk"
    )
    if is_staff(user):
        return rows
    return rows.filter(media__uploaded_by_user=user)


class TranscodeIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "videos/admin/transcodes.html"
    header_icon = "media"
    page_title = gettext_lazy("Video processing")

    def dispatch(self, request, *args, **kwargs):
        if not can_see_processing(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = visible_transcodes(self.request.user)
        status = self.request.GET.get("status", "")
        if status in Transcode.Status.values:
            rows = rows.filter(status=status)
        else:
            status = ""
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        user = self.request.user
        context.update(
            page_obj=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            transcodes=[(job, services.can_retry(user, job)) for job in page.object_list],
            statuses=Transcode.Status.choices,
            status=status,
        )
        return context


@require_POST
def retry_view(request, transcode_id: int):
    job = get_object_or_404(Transcode.objects.select_related("media"), pk=transcode_id)
    try:
        services.retry(request.user, job)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("“%(title)s” will be transcoded again.") % {"title": job.media.title}
        )
    return redirect(reverse(INDEX_URL_NAME))


def admin_urls():
    return [
        path("videos/processing/", TranscodeIndexView.as_view(), name=INDEX_URL_NAME),
        path("videos/processing/<id:transcode_id>/retry/", retry_view, name=RETRY_URL_NAME),
    ]
