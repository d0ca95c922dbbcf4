"""The API for comments on video posts, likes, reports and hiding."""

import pytest

from comments import services
from comments.models import CommentReport

pytestmark = pytest.mark.django_db


def as_(api_client, person):
    api_client.force_authenticate(person)
    return api_client


def list_url(video) -> str:
    return f"/api/video-posts/{video.pk}/comments/"


def test_list_create_and_reply(api_client, video, reader, tutor):
    client = as_(api_client, reader)
    created = client.post(list_url(video), {"text": "Вопрос по видео"}, format="json")
    assert created.status_code == 201, created.content
    top = created.json()
    assert top["like_count"] == 0 and top["liked"] is False and top["hidden"] is False
    as_(api_client, tutor)
    reply = api_client.post(
        list_url(video), {"text": "Ответ", "parent": top["id"]}, format="json"
    ).json()
    assert reply["parent"] == top["id"]
    body = api_client.get(list_url(video)).json()
    assert body["count"] == 1
    assert [r["text"] for r in body["results"][0]["replies"]] == ["Ответ"]
    assert body["results"][0]["can_hide"] is True


def test_anonymous_gets_401_and_a_draft_is_404(api_client, video, reader):
    assert api_client.get(list_url(video)).status_code in (401, 403)
    video.unpublish()
    assert as_(api_client, reader).get(list_url(video)).status_code == 404


def test_like_and_unlike(api_client, video, reader, second_reader):
    comment = services.add_comment(reader, video, "Нравится?")
    client = as_(api_client, second_reader)
    url = f"/api/comments/{comment.pk}/like/"
    assert client.post(url).json() == {"liked": True, "like_count": 1}
    assert client.post(url).json() == {"liked": True, "like_count": 1}
    listed = client.get(list_url(video)).json()["results"][0]
    assert listed["liked"] is True and listed["like_count"] == 1
    assert client.delete(url).json() == {"liked": False, "like_count": 0}


def test_report_once(api_client, video, reader, second_reader):
    comment = services.add_comment(reader, video, "Жалоба")
    client = as_(api_client, second_reader)
    url = f"/api/comments/{comment.pk}/report/"
    assert client.post(url, {"reason": ""}, format="json").status_code == 400
    first = client.post(url, {"reason": "Спам"}, format="json")
    assert first.status_code == 201 and first.json()["reason"] == "Спам"
    again = client.post(url, {"reason": "Спам"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_reported"
    assert as_(api_client, reader).post(url, {"reason": "Я"}, format="json").status_code == 403
    assert CommentReport.objects.count() == 1


def test_hide_on_own_posts_only(api_client, video, reader, second_reader, tutor, other_tutor):
    comment = services.add_comment(reader, video, "Спорный")
    url = f"/api/comments/{comment.pk}/hide/"
    assert as_(api_client, other_tutor).post(url).status_code == 403
    assert as_(api_client, second_reader).post(url).status_code == 403
    hidden = as_(api_client, tutor).post(url)
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    # Gone for the others (404 on its address), still there for its author, marked.
    other = as_(api_client, second_reader)
    assert other.get(list_url(video)).json()["count"] == 0
    assert other.get(f"{list_url(video)}{comment.pk}/").status_code == 404
    assert other.post(f"/api/comments/{comment.pk}/like/").status_code == 404
    mine = as_(api_client, reader).get(list_url(video)).json()["results"]
    assert mine[0]["hidden"] is True
    shown = as_(api_client, tutor).delete(url)
    assert shown.status_code == 200 and shown.json()["hidden"] is False
    assert as_(api_client, second_reader).get(list_url(video)).json()["count"] == 1


def test_the_list_costs_the_same_for_3_or_30(
    api_client, video, reader, second_reader, django_assert_max_num_queries
):
    client = as_(api_client, second_reader)
    counts = []
    for start, stop in ((0, 3), (3, 30)):
        for i in range(start, stop):
            top = services.add_comment(reader, video, f"Комментарий {i}")
            services.add_comment(second_reader, video, f"Ответ {i}", parent=top)
            services.set_like(second_reader, top, True)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url(video)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_schema_lists_the_new_endpoints(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/video-posts/{video_id}/comments/",
        "/api/comments/{comment_id}/like/",
        "/api/comments/{comment_id}/report/",
        "/api/comments/{comment_id}/hide/",
    ):
        assert path in schema["paths"], path
