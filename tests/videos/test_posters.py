"""Posters of video posts (videos.posters): an upload's transcode frame (served like its
stream), a link's stored thumbnail, none for the rest; the feed's cards draw them."""

import pytest
from wagtail.embeds.models import Embed

from community import services as community
from videos.posters import posters

from ..courses.factories import TutorPageFactory, TutorVideoPageFactory

pytestmark = pytest.mark.django_db


def video_post(parent, *, file=None, embed=None, title="Видео"):
    return TutorVideoPageFactory(
        parent=parent,
        title=title,
        video=[{"type": "video", "value": {"embed": embed, "file": file, "caption": ""}}],
    )


def test_an_upload_shows_its_frame_a_link_its_thumbnail(
    client, tutor_index, upload, five_seconds, teacher
):
    tutor_page = TutorPageFactory(parent=tutor_index, user=teacher)
    media = upload(five_seconds, user=teacher)
    assert media.transcode.status == "ready" and media.transcode.poster
    uploaded = video_post(tutor_page, file=media.pk, title="Загруженное")
    link = "https://www.youtube.com/watch?v=poster"
    Embed.objects.create(url=link, max_width=None, thumbnail_url="https://i.ytimg.com/p.jpg")
    linked = video_post(tutor_page, embed=link, title="Ссылка")
    bare = video_post(tutor_page, embed="https://www.youtube.com/watch?v=none", title="Без")

    found = posters([uploaded, linked, bare])
    assert found == {
        uploaded.pk: f"/videos/media/{media.pk}/{media.transcode.poster}",
        linked.pk: "https://i.ytimg.com/p.jpg",
    }
    answer = client.get(found[uploaded.pk])
    assert answer.status_code == 200 and answer["Content-Type"].startswith("image/")

    community.ensure_stats(uploaded)
    client.force_login(teacher)
    card = client.get("/ru/feed/").content.decode()
    assert f'<img src="{found[uploaded.pk]}"' in card
