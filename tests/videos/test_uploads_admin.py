"""The admin's "Add video" (wagtailmedia's page) uses the chunked uploader; audio keeps its form."""

import pytest
from django.urls import reverse

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
