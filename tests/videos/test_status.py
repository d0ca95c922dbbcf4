"""The processing status over the API, and "Video processing" in the admin."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from learning.enrollment.models import Enrollment
from videos.models import Transcode

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

BROKEN = b"\x00\x00\x00\x18ftypmp42" + b"not really a video" * 100


def in_paid_lesson(catalog, media):
    course = CoursePageFactory(parent=catalog, price=Decimal("500"))
    LessonPageFactory(
        parent=course,
        content=[{"type": "video", "value": {"embed": "", "file": media.pk, "caption": ""}}],
    )
    return course


def status_url(media) -> str:
    return reverse("api:video-status", args=[media.pk])


def test_the_status_of_a_ready_video(api_client, catalog, clips, upload):
    media = upload(clips["small"])
    course = in_paid_lesson(catalog, media)
    learner = StudentFactory(verified=True)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.PURCHASE)
    api_client.force_authenticate(learner)

    data = api_client.get(status_url(media)).json()
    assert data["status"] == "ready" and data["progress"] == 100 and data["error"] == ""
    assert data["duration"] == pytest.approx(3, abs=0.2)
    assert (data["width"], data["height"]) == (480, 270)
    # The 360p rung's 800k scaled to 270 lines (600k) and its 96k of audio.
    assert data["renditions"] == [{"height": 270, "width": 480, "bandwidth": 696000}]
    assert data["hls_url"].endswith(f"/videos/media/{media.pk}/master.m3u8")
    assert data["poster_url"].endswith("/poster.jpg")
    assert data["can_retry"] is False


def test_a_stranger_gets_no_status_of_a_paid_video(api_client, catalog, clips, upload):
    media = upload(clips["small"])
    in_paid_lesson(catalog, media)
    api_client.force_authenticate(StudentFactory(verified=True))
    response = api_client.get(status_url(media))
    assert response.status_code == 403
    assert response.json()["code"] == "video_not_allowed"


def test_a_failure_is_explained_to_the_uploader_who_retries(api_client, upload, clips):
    tutor = TeacherFactory(verified=True)
    media = upload(content=BROKEN, user=tutor)
    api_client.force_authenticate(tutor)
    data = api_client.get(status_url(media)).json()
    assert data["status"] == "failed" and data["error"] and data["can_retry"] is True

    # Someone else sees the status (an unused file is public) but not the wording.
    api_client.force_authenticate(StudentFactory(verified=True))
    other = api_client.get(status_url(media)).json()
    assert other["status"] == "failed" and other["error"] == "" and other["can_retry"] is False
    refused = api_client.post(reverse("api:video-retry", args=[media.pk]))
    assert refused.status_code == 403

    api_client.force_authenticate(tutor)
    again = api_client.post(reverse("api:video-retry", args=[media.pk]))
    assert again.status_code == 200 and again.json()["status"] == "pending"
    assert Transcode.objects.get(media=media).status == "pending"  # the worker runs on commit
    assert api_client.post(reverse("api:video-retry", args=[media.pk])).status_code == 409


def test_admin_lists_processing_and_retries(client, upload, django_assert_max_num_queries):
    admin = AdminFactory(verified=True)
    for title in ("Первое", "Второе"):
        upload(content=BROKEN, user=admin, title=title)
    client.force_login(admin)
    index = reverse("videos_transcodes")
    with django_assert_max_num_queries(40) as few:
        page = client.get(index)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-status="failed"') == 2 and "Первое" in html
    assert html.count('action="/admin/videos/processing/') == 2 and "csrfmiddlewaretoken" in html

    for title in ("Третье", "Четвёртое", "Пятое"):
        upload(content=BROKEN, user=admin, title=title)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(index).content.decode().count('data-status="failed"') == 5

    job = Transcode.objects.get(media__title="Первое")
    retried = client.post(reverse("videos_transcode_retry", args=[job.pk]))
    assert retried.status_code == 302
    job.refresh_from_db()
    assert job.status == Transcode.Status.PENDING

    filtered = client.get(index, {"status": "pending"}).content.decode()
    assert filtered.count('data-status="pending"') == 1 and 'data-status="failed"' not in filtered


def test_admin_retry_needs_post_and_a_right(client, upload):
    tutor = TeacherFactory(verified=True)
    job = upload(content=BROKEN, user=AdminFactory(verified=True)).transcode
    url = reverse("videos_transcode_retry", args=[job.pk])
    client.force_login(AdminFactory(verified=True))
    assert client.get(url).status_code == 405
    client.force_login(tutor)
    client.post(url)
    job.refresh_from_db()
    assert job.status == Transcode.Status.FAILED


def test_admin_listing_empty_state(client):
    client.force_login(AdminFactory(verified=True))
    page = client.get(reverse("videos_transcodes"))
    assert 'data-testid="empty"' in page.content.decode()
