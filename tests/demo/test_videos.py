"""The tutors' uploaded videos in the demo (videos.yaml): clips drawn with ffmpeg, in the media
library as the tutors' uploads, published as video posts in both languages and transcoded by
the real video pipeline (HLS renditions, a poster), playable on the post's page."""

import html
import re

import pytest

from courses.models import CourseMedia, TutorPage, TutorVideoPage
from demo.loader.clips import Clip, font_file, video_filter
from demo.loader.videos import load_videos
from portal.storages import private_storage
from videos.models import Transcode
from videos.probe import probe

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def uploaded_posts(demo):
    """(spec, tutor page, Russian post) for each post of videos.yaml."""
    for spec in demo.videos["posts"]:
        tutor = TutorPage.objects.child_of(demo.tutor_index).get(slug=spec["tutor"])
        yield spec, tutor, TutorVideoPage.objects.child_of(tutor).get(slug=spec["slug"])


def test_each_upload_is_a_published_post_with_a_finished_transcode(demo):
    store = private_storage()
    clip = demo.videos["clip"]
    posts = list(uploaded_posts(demo))
    assert 3 <= len(posts) <= 4
    assert len({tutor.pk for _spec, tutor, _post in posts}) == len(posts)  # one per tutor
    for spec, tutor, post in posts:
        assert post.live and post.title == spec["title"] and post.owner_id == tutor.user_id
        assert set(post.tags.names()) == set(spec["tags"])
        block = post.video[0].value
        media = block["file"]
        assert not block["embed"] and isinstance(media, CourseMedia)
        assert media.type == "video" and media.uploaded_by_user_id == tutor.user_id

        job = media.transcode
        assert job.status == Transcode.Status.READY and job.is_ready
        assert job.attempts == 1 and not job.error
        assert job.duration == pytest.approx(clip["seconds"], abs=0.2)
        assert [(r["width"], r["height"]) for r in job.renditions] == [
            (clip["width"], clip["height"])
        ]
        for name in ["master.m3u8", job.poster, job.thumbnails] + [
            r["playlist"] for r in job.renditions
        ]:
            assert name and store.exists(job.prefix + name), name

        # The original is kept (VIDEOS_KEEP_ORIGINAL): a real H.264 clip with its tone.
        reading = probe(store.path(media.file.name))
        assert (reading.width, reading.height) == (clip["width"], clip["height"])
        assert reading.video_codec == "h264" and reading.has_audio


def test_the_english_post_shows_the_same_video_with_english_words(demo):
    for spec, _tutor, post in uploaded_posts(demo):
        english = post.get_translation(demo.en)
        assert english.live and english.title == spec["en"]["title"]
        assert english.description == spec["en"]["description"]
        assert set(english.tags.names()) == set(spec["en"]["tags"])
        block = english.video[0].value
        assert block["file"].pk == post.video[0].value["file"].pk
        assert block["caption"] == spec["en"]["caption"]


def test_a_post_page_plays_the_hls_stream_with_its_poster(demo, client):
    _spec, _tutor, post = next(uploaded_posts(demo))
    page = client.get(post.url).content.decode()
    hls = html.unescape(re.search(r'data-hls="([^"]+)"', page).group(1))
    poster = html.unescape(re.search(r'poster="([^"]+)"', page).group(1))
    playlist = client.get(hls)
    assert playlist.status_code == 200
    body = b"".join(playlist.streaming_content) if playlist.streaming else playlist.content
    assert body.startswith(b"#EXTM3U")
    image = client.get(poster)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_the_title_card_is_drawn_in_a_font_with_cyrillic(tmp_path):
    font = font_file()
    assert font and "DejaVu" in font
    graph = video_filter(Clip(title="Задача недели: 0,999…", byline="Марат"), tmp_path, font)
    assert graph.count("drawtext=") == 2 and "expansion=none" in graph
    # The title goes through files (no quoting in the graph); the colon and comma stay text.
    assert (tmp_path / "line0.txt").read_text(encoding="utf-8") == "Задача недели: 0,999…"


def test_without_ffmpeg_new_posts_are_left_out_and_existing_ones_kept(demo, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg on the path
    new = {**demo.videos["posts"][0], "slug": "another-trailer", "title": "Ещё один анонс"}
    data = {**demo.videos, "posts": [*demo.videos["posts"], new]}
    media = CourseMedia.objects.count()

    result = load_videos(data, demo.tutor_index, demo.en)

    assert result == {
        "posts": len(demo.videos["posts"]),
        "created": 0,
        "skipped": "ffmpeg is not installed",
    }
    assert CourseMedia.objects.count() == media
    assert not TutorVideoPage.objects.filter(slug="another-trailer").exists()
