"""/api/materials/: the list, writing one, one's own, one material, rewriting it."""

import pytest

from materials.models import MaterialPage
from tests.factories import StudentFactory

from ..api import openapi
from .conftest import QUIZ, publish

pytestmark = pytest.mark.django_db


def test_a_verified_member_writes_a_test_through_the_api(api_client, author, materials_index):
    api_client.force_authenticate(author)
    answer = api_client.post(
        "/api/materials/",
        {"kind": "test", "title": "Проверь себя", "questions": QUIZ},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["status"] == "in_moderation" and body["url"] is None
    assert body["author"]["id"] == author.pk and body["test_id"]
    mine = api_client.get("/api/materials/mine/").json()
    assert [item["id"] for item in mine["results"]] == [body["id"]]


def test_bad_input_is_a_400_with_the_field(api_client, author, materials_index):
    api_client.force_authenticate(author)
    answer = api_client.post(
        "/api/materials/",
        {"kind": "test", "title": "Т", "questions": "* нет вопроса"},
        format="json",
    )
    assert answer.status_code == 400
    assert "questions" in answer.json() or answer.json()["code"] == "material_invalid"


def test_an_unverified_member_gets_403(api_client, materials_index):
    api_client.force_authenticate(StudentFactory(verified=False))
    answer = api_client.post(
        "/api/materials/", {"kind": "article", "title": "Т", "text": "x"}, format="json"
    )
    assert answer.status_code == 403 and answer.json()["code"] == "material_not_allowed"


def test_visitors_read_published_materials_only(api_client, write, author, moderator):
    live = publish(write(title="Опубликована"), moderator)
    draft = write(title="Черновик")
    listing = api_client.get("/api/materials/").json()
    assert [item["title"] for item in listing["results"]] == ["Опубликована"]
    assert listing["results"][0]["url"].endswith(live.url)
    assert api_client.get(f"/api/materials/{live.pk}/").status_code == 200
    assert api_client.get(f"/api/materials/{draft.pk}/").status_code == 404
    api_client.force_authenticate(author)
    assert api_client.get(f"/api/materials/{draft.pk}/").status_code == 200
    assert api_client.get("/api/materials/?kind=test").json()["results"] == []


def test_the_author_rewrites_through_the_api(api_client, write, author):
    page = write()
    api_client.force_authenticate(StudentFactory(verified=True))
    payload = {"kind": "article", "title": "Новая", "text": "Новый текст"}
    assert api_client.put(f"/api/materials/{page.pk}/", payload, format="json").status_code == 404
    api_client.force_authenticate(author)
    answer = api_client.put(f"/api/materials/{page.pk}/", payload, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "in_moderation"
    assert MaterialPage.objects.get().get_latest_revision_as_object().title == "Новая"


def test_members_who_may_write_materials_may_upload_their_videos(api_client, author):
    start = {"filename": "talk.mp4", "size": 1000}
    api_client.force_authenticate(StudentFactory(verified=False))
    assert api_client.post("/api/videos/uploads/", start, format="json").status_code == 403
    api_client.force_authenticate(author)  # a confirmed address: the materials' rule
    assert api_client.post("/api/videos/uploads/", start, format="json").status_code == 201


def test_the_lists_answer_pages_as_the_schema_says(api_client, author, materials_index, moderator):
    schema = openapi.load()
    api_client.force_authenticate(author)
    api_client.post(
        "/api/materials/", {"kind": "test", "title": "Проверь себя", "questions": QUIZ}, "json"
    )
    publish(MaterialPage.objects.get(), moderator)
    listed = openapi.conforms(schema, "get", "/api/materials/", api_client.get("/api/materials/"))
    assert listed["count"] == 1 and listed["results"][0]["author"]["id"] == author.pk
    mine = api_client.get("/api/materials/mine/")
    assert openapi.conforms(schema, "get", "/api/materials/mine/", mine)["count"] == 1
    assert api_client.get("/api/materials/?kind=test").json()["count"] == 1
    assert api_client.get("/api/materials/?kind=article").json()["count"] == 0


def test_an_unknown_kind_is_a_400(api_client, materials_index):
    answer = api_client.get("/api/materials/?kind=AAA")
    assert answer.status_code == 400 and "kind" in answer.json()
