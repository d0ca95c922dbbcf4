"""The cabinet's "New video" page: a tutor uploads a video (chunked, resumable: the uploader
include) and posts it; the draft page goes to moderators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError

from .app_settings import app_settings
from .uploads.forms import NewVideoForm
from .uploads.pages import can_post_video, create_video_post, recent_uploads


@login_required
def new_video(request):
    if not can_post_video(request.user):
        raise PermissionDenied(_("Only tutors can post videos."))
    form = NewVideoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            create_video_post(
                request.user,
                media=data["video"],
                title=data["title"],
                description=data["description"],
                tags=data["tags"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your video was sent to moderators; it appears once they publish it.")
            )
            return redirect("videos-new")
    return render(
        request,
        "videos/new_video.html",
        {
            "form": form,
            "max_upload_bytes": app_settings.VIDEOS_MAX_UPLOAD_BYTES,
            "extensions": app_settings.VIDEOS_UPLOAD_EXTENSIONS,
            "recent": recent_uploads(request.user),
        },
    )
