"""A tutor's "New video": the uploaded video becomes a draft ``TutorVideoPage`` under their
own tutor page, sent to moderation (the "Course moderation" workflow covers the tutor list)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import CourseMedia, TutorVideoPage
from courses.services import grant_tutor_tools, submit_for_moderation

from ..errors import UploadNotAllowed, UploadNotFound, UploadRefused
from ..models import Transcode
from .permissions import can_upload_video


def can_post_video(user) -> bool:
    """Tutors (the teacher role) post videos on their own tutor page."""
    return can_upload_video(user) and user.role == User.Role.TEACHER


def recent_uploads(user: User, limit: int = 5) -> list[tuple[CourseMedia, Transcode | None]]:
    """The person's latest library videos with their transcodes, newest first: what "New
    video" lists, so a tutor sees each one's processing (live, js/video_progress.js)."""
    if not can_post_video(user):
        return []
    videos = (
        CourseMedia.objects.filter(uploaded_by_user=user, type="video")
        .select_related("transcode")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [(video, getattr(video, "transcode", None)) for video in videos]


@transaction.atomic
def create_video_post(
    user: User,
    *,
    media: CourseMedia | int,
    title: str,
    description: str = "",
    tags: list[str] | None = None,
) -> TutorVideoPage:
    """A draft video page with the tutor's own uploaded video, submitted to moderators."""
    if not can_post_video(user):
        raise UploadNotAllowed(_("Only tutors can post videos."))
    media_id = media.pk if isinstance(media, CourseMedia) else media
    video = CourseMedia.objects.filter(pk=media_id, uploaded_by_user=user, type="video").first()
    if video is None:
        raise UploadNotFound(_("Upload the video first."), code="video_not_uploaded")
    tutor_page = grant_tutor_tools(user)  # the tutor's page (made now if it was missing)
    if tutor_page is None:
        raise UploadRefused(_("There is no tutor list yet: an editor must create it first."))
    page = TutorVideoPage(
        title=title.strip(),
        description=description.strip(),
        owner=user,
        live=False,
        locale=tutor_page.locale,
        video=[("video", {"embed": None, "file": video, "caption": ""})],
    )
    tutor_page.add_child(instance=page)
    if tags:
        page.tags.set(tags)
        page.save()
    page.save_revision(user=user, log_action=True)
    submit_for_moderation(user, page)
    return page
