"""The community API: signed-in only; follow, like, the feed and the follows list."""

import pytest

from community import services
from community.models import Follow, PostStats

from .conftest import make_post, make_tutor

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_client, learner):
    api_client.force_authenticate(learner)
    return api_client


def test_anonymous_callers_are_refused(api_client, tutor, post):
    for method, url in [
        ("get", "/api/feed/"),
        ("get", "/api/follows/"),
        ("post", f"/api/tutors/{tutor.pk}/follow/"),
        ("delete", f"/api/tutors/{tutor.pk}/follow/"),
        ("post", f"/api/videos/{post.pk}/like/"),
        ("delete", f"/api/videos/{post.pk}/like/"),
    ]:
        response = getattr(api_client, method)(url)
        assert response.status_code in (401, 403), url
    assert not Follow.objects.exists()
    assert PostStats.objects.get(pk=post.pk).like_count == 0


def test_follow_and_unfollow(api, learner, tutor):
    url = f"/api/tutors/{tutor.pk}/follow/"
    first = api.post(url)
    assert first.status_code == 201 and first.json() == {"following": True, "followers_count": 1}
    assert api.post(url).status_code == 200
    listed = api.get("/api/follows/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["tutor"]["id"] == tutor.pk
    assert api.delete(url).json() == {"following": False, "followers_count": 0}


def test_self_follow_and_unknown_tutor(api_client, tutor):
    api_client.force_authenticate(tutor.user)
    response = api_client.post(f"/api/tutors/{tutor.pk}/follow/")
    assert response.status_code == 400 and response.json()["code"] == "cannot_follow_self"
    missing = api_client.post(f"/api/tutors/{tutor.pk + 100}/follow/")
    assert missing.status_code == 404 and missing.json()["code"] == "tutor_not_found"


def test_like_and_unlike(api, post):
    url = f"/api/videos/{post.pk}/like/"
    assert api.post(url).json() == {"liked": True, "like_count": 1}
    assert api.post(url).json() == {"liked": True, "like_count": 1}
    assert api.delete(url).json() == {"liked": False, "like_count": 0}
    assert api.post("/api/videos/999999/like/").status_code == 404


def test_feed(api, learner, tutor, tutor_index):
    make_post(tutor, title="followed", hours_ago=30)
    other = make_post(make_tutor(tutor_index), title="hit", likes=9)
    services.follow(learner, tutor)
    body = api.get("/api/feed/?sort=popular").json()
    assert [p["title"] for p in body["results"]] == ["followed", "hit"]
    first = body["results"][0]
    assert first["followed"] is True and first["tutor"]["id"] == tutor.pk
    assert body["results"][1]["like_count"] == 9 and other.pk == body["results"][1]["id"]
    bad = api.get("/api/feed/?sort=best")
    assert bad.status_code == 400 and "sort" in bad.json()


def test_schema_documents_the_endpoints(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path in (
        "/api/feed/",
        "/api/follows/",
        "/api/tutors/{tutor_id}/follow/",
        "/api/videos/{post_id}/like/",
    ):
        assert path in schema["paths"], path
