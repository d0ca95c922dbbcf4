"""A paid lesson's video: playlists, segments and pictures only for people who may open the
lesson (the same rule as the original file, courses.permissions.can_download_library_file)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from storages.backends.s3 import S3Storage

from courses.models import CourseMedia
from learning.enrollment.models import Enrollment
from portal.storages import private_storage
from videos import services
from videos.models import Transcode
from videos.views import sign_lines

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db

FILES = ["master.m3u8", "stream_0.m3u8", "stream_0_00000.ts", "poster.jpg", "thumbnails.vtt"]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def paid_video(catalog, clips, upload):
    media = upload(clips["small"])
    assert media.transcode.status == Transcode.Status.READY, media.transcode.error
    course = CoursePageFactory(parent=catalog, price=Decimal("990"))
    LessonPageFactory(
        parent=course,
        content=[{"type": "video", "value": {"embed": "", "file": media.pk, "caption": ""}}],
    )
    return media, course


def url(media, name: str) -> str:
    return services.output_url(media, name)


def test_a_visitor_is_sent_to_sign_in(client, paid_video):
    media, _course = paid_video
    address = url(media, "master.m3u8")
    response = client.get(address)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [address]


@pytest.mark.parametrize("name", FILES)
def test_a_stranger_is_refused(client, paid_video, name):
    media, _course = paid_video
    client.force_login(StudentFactory(verified=True))
    response = client.get(url(media, name))
    assert response.status_code == 403
    assert b"#EXTM3U" not in body(response)
    assert services.sources_for(media, StudentFactory(verified=True)) is None


def test_an_enrolled_learner_plays_it(client, paid_video):
    media, course = paid_video
    learner = StudentFactory(verified=True)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.PURCHASE)
    client.force_login(learner)
    job = media.transcode

    master = client.get(url(media, "master.m3u8"))
    assert master.status_code == 200
    assert master["Content-Type"] == "application/vnd.apple.mpegurl"
    assert "private" in master["Cache-Control"]
    assert b"stream_0.m3u8" in master.content

    variant = client.get(url(media, "stream_0.m3u8"))
    assert variant.status_code == 200 and b"stream_0_00000.ts" in variant.content

    segment = client.get(url(media, "stream_0_00000.ts"))
    assert segment.status_code == 200 and segment["Content-Type"] == "video/mp2t"
    with private_storage().open(job.prefix + "stream_0_00000.ts", "rb") as handle:
        assert body(segment) == handle.read()
    ranged = client.get(url(media, "stream_0_00000.ts"), HTTP_RANGE="bytes=0-187")
    assert ranged.status_code == 206 and len(body(ranged)) == 188

    poster = client.get(url(media, "poster.jpg"))
    assert poster.status_code == 200 and body(poster)[:2] == b"\xff\xd8"

    sources = services.sources_for(media, learner)
    assert sources.status == "ready" and sources.progress == 100
    assert sources.hls_url == url(media, "master.m3u8")
    assert sources.poster_url == url(media, "poster.jpg")
    assert sources.thumbnails_url == url(media, "thumbnails.vtt")
    assert sources.captions == [] and sources.file_url == media.url


def test_the_player_fragment_follows_the_same_rule(client, paid_video):
    """What js/video_progress.js swaps in when a transcode ends: the player for those who may
    watch, sign-in for a visitor, 403 for a stranger; never cached."""
    media, course = paid_video
    fragment = reverse("video-player:fragment", args=[media.pk])
    assert client.get(fragment).status_code == 302
    client.force_login(StudentFactory(verified=True))
    assert client.get(fragment).status_code == 403
    learner = StudentFactory(verified=True)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.PURCHASE)
    client.force_login(learner)
    response = client.get(fragment)
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert f'data-hls="{url(media, "master.m3u8")}"' in html and "<html" not in html
    Transcode.objects.filter(media=media).update(status=Transcode.Status.TRANSCODING, progress=40)
    html = client.get(fragment).content.decode()
    assert "data-transcode-progress" in html and "40 %" in html


@pytest.mark.parametrize("name", ["source.mp4", "..%2Fsecret.ts", "stream_0.m3u8.bak"])
def test_only_the_outputs_names_are_served(client, paid_video, name):
    media, course = paid_video
    client.force_login(course.teacher)
    assert client.get(url(media, "master.m3u8")).status_code == 200
    assert client.get(f"/videos/media/{media.pk}/{name}").status_code == 404


def test_nothing_is_served_before_it_is_ready(client, paid_video):
    media, course = paid_video
    Transcode.objects.filter(media=media).update(status=Transcode.Status.TRANSCODING)
    client.force_login(course.teacher)
    assert client.get(url(media, "master.m3u8")).status_code == 404
    media = CourseMedia.objects.get(pk=media.pk)
    sources = services.sources_for(media, course.teacher)
    assert sources.hls_url == "" and sources.file_url == media.url


def test_on_s3_playlists_name_signed_segment_addresses():
    s3 = S3Storage(
        bucket_name="ustat-test",
        location="private",
        default_acl="private",
        querystring_auth=True,
        access_key="AKIATEST",
        secret_key="secret",
        region_name="eu-central-1",
    )
    playlist = "#EXTM3U\n#EXTINF:4.0,\nstream_1_00000.ts\n#EXT-X-ENDLIST\n"
    lines = sign_lines(playlist, "hls/7/abc/", s3).splitlines()
    assert lines[0] == "#EXTM3U" and lines[1] == "#EXTINF:4.0," and lines[3] == "#EXT-X-ENDLIST"
    signed = urlsplit(lines[2])
    assert signed.path.endswith("/private/hls/7/abc/stream_1_00000.ts")
    assert "X-Amz-Signature" in signed.query and "X-Amz-Expires=10800" in signed.query

    master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nstream_0.m3u8\n"
    assert sign_lines(master, "hls/7/abc/", s3) == master  # variants come back through us

    vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nthumbnails.jpg#xywh=0,0,160,90\n"
    cue = sign_lines(vtt, "hls/7/abc/", s3).splitlines()[3]
    assert "/private/hls/7/abc/thumbnails.jpg?" in cue and cue.endswith("#xywh=0,0,160,90")
