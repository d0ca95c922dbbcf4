"""The player's server side: positions kept only for people who may watch the video, captions
that must be WebVTT, caption files behind the video's access check, and the player's markup
(quality menu, captions, translated labels, the "processing" and "failed" states)."""

import json
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import RequestFactory

from courses.models import CourseMedia
from learning.enrollment.models import Enrollment
from videos import services
from videos.errors import BadPosition, CaptionsNotAllowed, VideoNotAllowed
from videos.models import CaptionTrack, PlaybackPosition
from videos.player import pending_sources
from videos.sources import Caption, VideoSources

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory, StudentFactory

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nПривет, это субтитры.\n".encode()


def video_block(media) -> dict:
    return {"type": "video", "value": {"embed": "", "file": media.pk, "caption": ""}}


@pytest.fixture
def paid(catalog):
    """A paid course whose closed lesson shows a library video; an enrolled learner."""
    media = CourseMedia.objects.create(
        title="Разбор задач", type="video", file=ContentFile(b"\0" * 512, name="walkthrough.mp4")
    )
    course = CoursePageFactory(parent=catalog, price=Decimal("990"))
    lesson = LessonPageFactory(parent=course, content=[video_block(media)])
    learner = StudentFactory(verified=True)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.PURCHASE)
    return {"media": media, "lesson": lesson, "learner": learner, "course": course}


def position_url(media) -> str:
    return f"/api/videos/media/{media.pk}/position/"


# --- Positions ------------------------------------------------------------------------------


def test_an_enrolled_learner_saves_and_reads_the_position(api_client, paid):
    api_client.force_authenticate(paid["learner"])
    url = position_url(paid["media"])
    empty = api_client.get(url)
    assert empty.status_code == 200
    assert empty.json()["resume_at"] == 0 and empty.json()["updated_at"] is None

    saved = api_client.put(url, {"seconds": 42.5, "duration": 120}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["resume_at"] == 42.5
    assert api_client.get(url).json()["seconds"] == 42.5

    # A second save replaces the first: one row per person and video.
    api_client.put(url, {"seconds": 60, "duration": 120}, format="json")
    position = PlaybackPosition.objects.get()
    assert (position.user, position.media, position.seconds) == (
        paid["learner"],
        paid["media"],
        60,
    )


def test_a_stranger_is_refused_a_paid_lessons_position(api_client, paid):
    api_client.force_authenticate(StudentFactory(verified=True))
    url = position_url(paid["media"])
    refused = api_client.put(url, {"seconds": 10, "duration": 120}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "video_not_allowed"
    assert api_client.get(url).status_code == 403
    assert not PlaybackPosition.objects.exists()


def test_a_visitor_has_no_position(api_client, paid):
    assert api_client.get(position_url(paid["media"])).status_code in {401, 403}


def test_an_unknown_video_is_404(api_client, paid):
    api_client.force_authenticate(paid["learner"])
    assert (
        api_client.get(f"/api/videos/media/{paid['media'].pk + 100}/position/").status_code == 404
    )


@pytest.mark.parametrize(
    "body",
    [{"seconds": -1}, {"seconds": "soon"}, {"seconds": 500, "duration": 120}, {"duration": 5}],
)
def test_a_bad_position_is_refused(api_client, paid, body):
    api_client.force_authenticate(paid["learner"])
    response = api_client.put(position_url(paid["media"]), body, format="json")
    assert response.status_code == 400
    assert not PlaybackPosition.objects.exists()


def test_the_service_refuses_infinity(paid):
    with pytest.raises(BadPosition):
        services.save_position(paid["learner"], paid["media"], float("inf"), 100)


@pytest.mark.parametrize(
    "seconds, duration, resume",
    [
        (1, 100, 0),
        (50, 100, 50),
        (90, 100, 0),
        (100, 100, 0),
        (30, 0, 30),
        (2, 4, 2),
        (3.7, 4, 0),
        (280, 300, 280),
        (290, 300, 0),
    ],
)
def test_resume_where_left_off_unless_at_the_start_or_the_end(paid, seconds, duration, resume):
    position = services.save_position(paid["learner"], paid["media"], seconds, duration)
    assert services.resume_at(position) == resume


def test_a_free_lessons_video_keeps_anyone_signed_ins_position(catalog):
    media = CourseMedia.objects.create(
        title="Вводный урок", type="video", file=ContentFile(b"\0", name="intro.mp4")
    )
    course = CoursePageFactory(parent=catalog, price=Decimal("990"))
    LessonPageFactory(parent=course, is_free=True, content=[video_block(media)])
    anyone = StudentFactory(verified=True)
    assert services.save_position(anyone, media, 12, 60).seconds == 12


# --- Captions -------------------------------------------------------------------------------


def test_an_editor_adds_captions_and_the_learner_reads_them(client, api_client, paid):
    editor = AdminFactory()
    track = services.add_caption(
        editor,
        paid["media"],
        language="ru",
        label="Русские",
        file=ContentFile(VTT, name="ru.vtt"),
        default=True,
    )
    api_client.force_authenticate(paid["learner"])
    listed = api_client.get(f"/api/videos/media/{paid['media'].pk}/captions/").json()
    assert listed == [
        {
            "id": track.pk,
            "language": "ru",
            "label": "Русские",
            "default": True,
            "url": f"/videos/player/captions/{track.pk}.vtt",
        }
    ]
    client.force_login(paid["learner"])
    response = client.get(listed[0]["url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    assert b"".join(response.streaming_content) == VTT


def test_caption_files_are_refused_to_strangers_and_visitors(client, paid):
    track = services.add_caption(
        AdminFactory(),
        paid["media"],
        language="en",
        label="English",
        file=ContentFile(VTT, name="e.vtt"),
    )
    url = f"/videos/player/captions/{track.pk}.vtt"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(StudentFactory(verified=True))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "data, code",
    [
        (b"1\n00:00:00,000 --> 00:00:02,000\nSRT, not WebVTT\n", "not_webvtt"),
        (b"WEBVTTX\n\n", "not_webvtt"),
        (b"<html>WEBVTT</html>", "not_webvtt"),
        ("WEBVTT\n\nстрока".encode("cp1251"), "not_utf8"),
    ],
)
def test_a_file_that_is_not_webvtt_is_refused(paid, data, code):
    with pytest.raises(ValidationError) as refused:
        services.add_caption(
            AdminFactory(),
            paid["media"],
            language="ru",
            label="Русские",
            file=ContentFile(data, name="ru.vtt"),
        )
    assert code in [error.code for error in refused.value.error_dict["file"]]
    assert not CaptionTrack.objects.exists()


def test_a_webvtt_with_a_bom_and_a_header_is_accepted(paid):
    track = services.add_caption(
        AdminFactory(),
        paid["media"],
        language="en",
        label="English",
        file=ContentFile("\ufeffWEBVTT - lesson one\n\n".encode(), name="en.vtt"),
    )
    assert track.pk


def test_a_captions_file_over_the_limit_is_refused(paid, settings):
    settings.VIDEOS_CAPTION_MAX_SIZE = 100
    with pytest.raises(ValidationError) as refused:
        services.add_caption(
            AdminFactory(),
            paid["media"],
            language="ru",
            label="Русские",
            file=ContentFile(VTT + b"x" * 200, name="ru.vtt"),
        )
    assert "too_large" in [error.code for error in refused.value.error_dict["file"]]


def test_only_editors_add_captions_and_one_track_is_default(paid):
    with pytest.raises(CaptionsNotAllowed):
        services.add_caption(
            paid["learner"],
            paid["media"],
            language="ru",
            label="Русские",
            file=ContentFile(VTT, name="ru.vtt"),
        )
    editor = AdminFactory()
    first = services.add_caption(
        editor,
        paid["media"],
        language="ru",
        label="Русские",
        file=ContentFile(VTT, name="ru.vtt"),
        default=True,
    )
    second = services.add_caption(
        editor,
        paid["media"],
        language="en",
        label="English",
        file=ContentFile(VTT, name="en.vtt"),
        default=True,
    )
    first.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    with pytest.raises(VideoNotAllowed):
        services.caption_tracks(StudentFactory(verified=True), paid["media"])


# --- The player's markup --------------------------------------------------------------------


def render(sources, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load video_player %}{% video_player sources %}")
    return template.render(Context({"sources": sources, "request": request}))


def player_texts(html: str) -> dict:
    start = html.index('data-texts="') + len('data-texts="')
    return json.loads(unescape(html[start : html.index('"', start)]))


def test_a_ready_video_gets_hls_the_quality_menu_captions_and_labels(paid):
    sources = VideoSources(
        media_id=paid["media"].pk,
        title="Разбор задач",
        status="ready",
        hls_url="/videos/hls/7/master.m3u8",
        poster_url="/media/posters/7.jpg",
        captions=[
            Caption(language="ru", label="Русские", url="/c/ru.vtt", default=True),
            Caption(language="en", label="English", url="/c/en.vtt"),
        ],
        position_url="/api/videos/media/7/position/",
    )
    html = render(sources, paid["learner"])
    assert 'data-hls="/videos/hls/7/master.m3u8"' in html and "<source" not in html
    assert "vendor/hlsjs/hls.min.js" in html and "js/player.js" in html
    assert "data-lesson-video" in html  # site.js completes the lesson when it ends
    assert 'poster="/media/posters/7.jpg"' in html
    assert 'data-position-url="/api/videos/media/7/position/"' in html
    assert 'data-csrf="' in html and 'data-csrf=""' not in html
    assert "data-quality-menu" in html and 'data-level="-1"' in html
    assert "Качество" in html and "Авто" in html  # translated
    assert '<track kind="captions" src="/c/ru.vtt" srclang="ru" label="Русские" default>' in html
    assert '<track kind="captions" src="/c/en.vtt" srclang="en" label="English">' in html
    assert "data-captions-button" in html
    texts = player_texts(html)
    assert texts["quality"] == "Качество" and texts["captionsOff"] == "Субтитры выключены"
    assert "Обработка видео" not in html


def test_a_video_being_transcoded_shows_the_progress_instead_of_the_player(paid):
    sources = VideoSources(
        media_id=paid["media"].pk, title="Разбор", status="transcoding", progress=40
    )
    html = render(sources, paid["learner"])
    assert "Обработка видео… 40 %" in html and 'value="40"' in html
    assert "<video" not in html and "player.js" not in html


def test_while_transcoding_the_original_plays(paid):
    sources = VideoSources(
        media_id=paid["media"].pk,
        title="Разбор",
        status="transcoding",
        progress=40,
        file_url=paid["media"].url,
    )
    html = render(sources, paid["learner"])
    assert "Обработка видео… 40 %" in html
    assert f'<source src="{paid["media"].url}" type="video/mp4">' in html
    assert "data-hls=" not in html


def test_a_failure_and_its_reason_are_for_editors_only(paid):
    sources = VideoSources(media_id=paid["media"].pk, title="Разбор", status="failed")
    object.__setattr__(sources, "error", "ffmpeg: moov atom not found")
    editor = render(sources, AdminFactory())
    assert "moov atom not found" in editor and 'role="alert"' in editor
    learner = render(sources, paid["learner"])
    assert "moov atom not found" not in learner
    assert "Это видео сейчас нельзя показать" in learner or "cannot be shown" in learner


def test_the_lesson_plays_a_library_video_without_a_transcode(client, paid):
    services.add_caption(
        AdminFactory(),
        paid["media"],
        language="ru",
        label="Русские",
        file=ContentFile(VTT, name="ru.vtt"),
        default=True,
    )
    sources = pending_sources(paid["media"], paid["learner"])
    assert sources.status == "pending" and sources.file_url == paid["media"].url
    assert sources.position_url == position_url(paid["media"])
    assert pending_sources(paid["media"], None).position_url == ""

    client.force_login(paid["learner"])
    html = client.get(paid["lesson"].url).content.decode()
    assert "data-player" in html and f'<source src="{paid["media"].url}"' in html
    assert 'srclang="ru" label="Русские" default' in html
    assert f'data-position-url="{position_url(paid["media"])}"' in html
    assert "Обработка видео" not in html  # nobody is transcoding it: it just plays


def test_an_external_video_still_embeds(client, catalog):
    course = CoursePageFactory(parent=catalog, price=0)
    lesson = LessonPageFactory(
        parent=course,
        is_free=True,
        content=[{"type": "video", "value": {"embed": "", "file": None, "caption": ""}}],
    )
    html = client.get(lesson.url).content.decode()
    assert "data-player" not in html


# --- The admin ------------------------------------------------------------------------------


def test_editors_add_captions_in_the_admin_and_bad_files_are_refused(client, paid):
    client.force_login(AdminFactory())
    assert client.get("/admin/video-captions/").status_code == 200
    form = {"media": paid["media"].pk, "language": "ru", "label": "Русские"}
    refused = client.post(
        "/admin/video-captions/new/",
        {**form, "file": ContentFile(b"not captions", name="ru.vtt")},
    )
    assert refused.status_code == 200 and not CaptionTrack.objects.exists()
    assert "WEBVTT" in refused.content.decode()
    added = client.post(
        "/admin/video-captions/new/", {**form, "file": ContentFile(VTT, name="ru.vtt")}
    )
    assert added.status_code == 302
    assert CaptionTrack.objects.get().media == paid["media"]
    listed = client.get(f"/admin/video-captions/?media={paid['media'].pk}").content.decode()
    assert "Русские" in listed


def test_a_learner_has_no_captions_admin(client, paid):
    client.force_login(paid["learner"])
    assert client.get("/admin/video-captions/").status_code in {302, 403}
