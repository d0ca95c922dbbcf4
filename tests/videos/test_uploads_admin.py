"""The admin's "Add video" (wagtailmedia's page) uses the chunked uploader; audio keeps its form.
A file posted to wagtailmedia's own views is read by content like the uploader's."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import CourseMedia
from videos.models import Transcode

pytestmark = pytest.mark.django_db


def test_add_video_in_the_admin_is_the_chunked_uploader(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("wagtailmedia:add", args=["video"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-video-uploader" in html and "js/video_upload.js" in html
    assert 'enctype="multipart/form-data"' not in html
    assert 'data-done-url="' + reverse("wagtailmedia:edit", args=[0]) + '"' in html


def test_add_audio_keeps_wagtailmedias_form(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailmedia:add", args=["audio"])).content.decode()
    assert "data-video-uploader" not in html
    assert 'enctype="multipart/form-data"' in html


# --- wagtailmedia's own views read a posted video by content (videos.library_form) -----------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize("kind", ["video", "media"])
def test_a_document_renamed_mp4_posted_to_wagtailmedias_add_view_is_refused(
    client, admin_user, kind
):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailmedia:add", args=[kind]),
        {"title": "Не видео", "file": SimpleUploadedFile("lesson.mp4", PDF, "video/mp4")},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "file" in response.context["form"].errors
    assert "не является видео" in " ".join(response.context["form"].errors["file"])
    assert not CourseMedia.objects.exists()
    assert not Transcode.objects.exists()


def test_the_choosers_upload_tab_refuses_it_too(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailmedia:chooser_upload", args=["video"]),
        {
            "media-chooser-upload-title": "Не видео",
            "media-chooser-upload-file": SimpleUploadedFile("lesson.mp4", PDF, "video/mp4"),
        },
    )
    assert response.status_code == 200 and "media_chosen" not in response.content.decode()
    assert not CourseMedia.objects.exists()


def test_an_edit_cannot_swap_a_video_for_a_document(client, admin_user, clips, upload):
    media = upload(clips["small"], user=admin_user)
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailmedia:edit", args=[media.pk]),
        {"title": "Разбор", "file": SimpleUploadedFile("other.mp4", PDF, "video/mp4")},
    )
    assert response.status_code == 200 and "file" in response.context["form"].errors
    kept = CourseMedia.objects.get(pk=media.pk)
    assert kept.file.name == media.file.name
    # A change that keeps the file is not read again.
    response = client.post(reverse("wagtailmedia:edit", args=[media.pk]), {"title": "Новое"})
    assert response.status_code == 302
    assert CourseMedia.objects.get(pk=media.pk).title == "Новое"


def test_a_real_video_posted_there_is_taken_and_transcoded(
    client, admin_user, clips, settings, django_capture_on_commit_callbacks
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # read from the upload's temporary file
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailmedia:add", args=["video"]),
            {"title": "Видео", "file": SimpleUploadedFile("clip.mp4", clips["small"].read_bytes())},
        )
    assert response.status_code == 302, response.context["form"].errors
    media = CourseMedia.objects.get()
    assert media.type == "video"
    assert Transcode.objects.get(media=media).status == Transcode.Status.READY
