"""The blog API: public list and detail, filters, what never leaks, fixed query count."""

import datetime

import pytest
import wagtail_factories
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from ..factories import TeacherFactory
from .factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db

LIST = "/api/blog/posts/"


@pytest.fixture
def english_blog(blog):
    en = Locale.objects.get(language_code="en")
    blog_en = blog.copy_for_translation(en, copy_parents=True)
    blog_en.title = "Blog"
    blog_en.save_revision().publish()
    return blog_en


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [post["title"] for post in response.json()["results"]]


def test_list_is_public_newest_first_with_the_card_fields(api_client, blog):
    author = TeacherFactory(first_name="Ирина", last_name="Соколова", email="irina@example.com")
    BlogPostPageFactory(parent=blog, title="Старая", date=datetime.date(2026, 1, 4))
    post = BlogPostPageFactory(
        parent=blog,
        title="Новая",
        slug="new",
        intro="Свежая запись.",
        date=datetime.date(2026, 3, 2),
        author=author,
        tags=["языки", "память"],
        cover=wagtail_factories.ImageFactory(),
    )
    response = api_client.get(LIST)
    body = response.json()
    assert titles(response) == ["Новая", "Старая"]
    assert body["count"] == 2 and "next" in body and "previous" in body
    assert body["results"][0] | {"cover": None} == {
        "id": post.pk,
        "title": "Новая",
        "slug": "new",
        "url": "http://testserver/ru/blog/new/",
        "date": "2026-03-02",
        "intro": "Свежая запись.",
        "author": "Ирина Соколова",
        "tags": [{"name": "память", "slug": "память"}, {"name": "языки", "slug": "языки"}],
        "cover": None,
        "locale": "ru",
    }
    cover = body["results"][0]["cover"]
    assert cover.startswith("http://testserver/") and ".fill-800x450" in cover
    assert "irina@example.com" not in response.content.decode()
    assert "body" not in body["results"][0]


def test_list_hides_drafts_private_posts_and_other_languages(api_client, blog, english_blog):
    BlogPostPageFactory(parent=blog, title="Открытая")
    BlogPostPageFactory(parent=blog, title="Черновик", live=False)
    secret = BlogPostPageFactory(parent=blog, title="Для своих")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    BlogPostPageFactory(parent=english_blog, title="In English", slug="in-english")

    assert titles(api_client.get(LIST)) == ["Открытая"]
    assert titles(api_client.get(LIST, {"locale": "ru"})) == ["Открытая"]
    assert titles(api_client.get(LIST, {"locale": "en"})) == ["In English"]
    english = api_client.get(LIST, {"locale": "en"}).json()["results"][0]
    assert english["locale"] == "en" and english["url"] == "http://testserver/en/blog/in-english/"


def test_filters_by_tag_and_search(api_client, blog):
    BlogPostPageFactory(
        parent=blog, title="Сон и память", intro="Почему нужно спать.", tags=["сон"]
    )
    BlogPostPageFactory(parent=blog, title="Карточки", intro="Интервальное повторение.")
    BlogPostPageFactory(parent=blog, title="Черновик про сон", tags=["сон"], live=False)
    call_command("update_index", verbosity=0)

    assert titles(api_client.get(LIST, {"tag": "сон"})) == ["Сон и память"]
    assert titles(api_client.get(LIST, {"tag": "nothing"})) == []
    assert titles(api_client.get(LIST, {"search": "Карточки"})) == ["Карточки"]
    assert titles(api_client.get(LIST, {"search": "Карточки", "tag": "сон"})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"locale": "de"}, "locale"),
        ({"tag": "no spaces"}, "tag"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(api_client, blog, params, field):
    response = api_client.get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_list_is_paginated_by_the_project_default(api_client, blog):
    for _ in range(22):
        BlogPostPageFactory(parent=blog)
    first = api_client.get(LIST).json()
    assert first["count"] == 22 and len(first["results"]) == 20 and first["next"]
    assert len(api_client.get(LIST, {"page": 2}).json()["results"]) == 2
    assert len(api_client.get(LIST, {"page_size": 5}).json()["results"]) == 5


def test_list_takes_a_fixed_number_of_queries(api_client, blog):
    def add_posts(count: int) -> None:
        for _ in range(count):
            BlogPostPageFactory(
                parent=blog, tags=["сон", "память"], cover=wagtail_factories.ImageFactory()
            )

    add_posts(2)
    api_client.get(LIST)  # make the renditions
    with CaptureQueriesContext(connection) as few:
        api_client.get(LIST)
    expected = len(few)  # counted now: the connection's query log is bounded
    add_posts(15)
    api_client.get(LIST)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get(LIST)
    assert len(response.json()["results"]) == 17
    assert len(many) == expected


def test_detail_has_the_body_as_json_and_html(api_client, blog):
    post = BlogPostPageFactory(
        parent=blog,
        title="Сон",
        tags=["сон"],
        body=[
            {"type": "heading", "value": {"text": "Во сне", "size": "h2"}},
            {"type": "paragraph", "value": "<p>Память закрепляет выученное.</p>"},
        ],
    )
    response = api_client.get(f"{LIST}{post.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Сон" and data["tags"] == [{"name": "сон", "slug": "сон"}]
    assert [block["type"] for block in data["body"]] == ["heading", "paragraph"]
    assert data["body"][0]["value"] == {"text": "Во сне", "size": "h2"}
    assert "<h2>Во сне</h2>" in data["body_html"]
    assert "Память закрепляет выученное." in data["body_html"]


def test_detail_hides_drafts_and_private_posts(api_client, blog, admin_user):
    draft = BlogPostPageFactory(parent=blog, live=False)
    secret = BlogPostPageFactory(parent=blog)
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    api_client.force_authenticate(admin_user)  # not even staff: this is the public API
    assert api_client.get(f"{LIST}{draft.pk}/").status_code == 404
    assert api_client.get(f"{LIST}{secret.pk}/").status_code == 404
    assert api_client.get(f"{LIST}{blog.pk}/").status_code == 404  # not a post


def test_the_api_is_read_only(api_client, blog, admin_user):
    post = BlogPostPageFactory(parent=blog)
    api_client.force_authenticate(admin_user)
    assert api_client.post(LIST, {"title": "x"}).status_code == 405
    assert api_client.delete(f"{LIST}{post.pk}/").status_code == 405


def test_the_schema_documents_the_endpoints(settings):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf="portal.urls").get_schema(request=None, public=True)
    listing = schema["paths"]["/api/blog/posts/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"tag", "locale", "search", "page"}
    assert "/api/blog/posts/{id}/" in schema["paths"]
    post = schema["components"]["schemas"]["BlogPostDetail"]["properties"]
    assert post["tags"]["type"] == "array" and post["cover"]["format"] == "uri"
    assert {"body", "body_html"} <= set(post)
