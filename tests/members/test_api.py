"""GET /api/members/{id}/: the page's rule and fields, as JSON."""

import re

import pytest

from ..api.openapi import conforms, load, raw_schema
from .conftest import member_with, reviews_by
from .test_rules import EXPECTED, viewer_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("visibility", "kind"), list(EXPECTED))
def test_the_api_answers_like_the_page(visibility, kind, stranger, staff, api_client, client):
    person = member_with(visibility)
    viewer = viewer_for(kind, person, stranger, staff)
    if kind != "anonymous":
        api_client.force_authenticate(viewer)
        client.force_login(viewer)
    answer = api_client.get(f"/api/members/{person.pk}/")
    page = client.get(f"/ru/members/{person.pk}/")
    assert answer.status_code == page.status_code == (200 if EXPECTED[(visibility, kind)] else 404)
    if answer.status_code == 404:
        assert answer.json()["code"] == "profile_not_found"
    else:
        assert answer.json()["is_self"] is (kind == "self")


def test_the_api_shows_what_the_page_shows(api_client, client, course, tutor):
    person = member_with("public")
    reviews_by(person, course, tutor)
    data = api_client.get(f"/api/members/{person.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    html = client.get(f"/ru/members/{person.pk}/").content.decode()
    assert data["name"] == "Анна П."
    assert data["visibility"] == "public" and data["is_tutor"] is False
    texts = [item["text"] for item in data["reviews"]["results"]]
    assert sorted(texts) == ["Отличный репетитор.", "Понятный курс."]
    assert data["reviews"]["count"] == 2 and data["reviews"]["pages"] == 1
    assert len(re.findall(r'data-testid="member-review"', html)) == len(texts)
    about = {item["about"]["type"]: item["about"] for item in data["reviews"]["results"]}
    assert about["course"]["url"].endswith(course.url)
    assert about["tutor"]["name"] == "Иван Смирнов"
    assert about["tutor"]["url"].startswith("http")

    tutor_data = api_client.get(f"/api/members/{tutor.pk}/").json()
    assert tutor_data["is_tutor"] is True and tutor_data["name"] == "Иван Смирнов"
    assert [post["title"] for post in tutor_data["posts"]] == ["Дроби за 5 минут"]
    assert tutor_data["posts_count"] == 1
    assert tutor_data["tutor_page_url"].endswith(tutor.tutor_page.url)
    assert tutor_data["bio"] == "Учу математике 10 лет."


def test_a_member_without_avatar_or_tutor_page_conforms_to_the_schema(api_client):
    person = member_with("public")
    answer = api_client.get(f"/api/members/{person.pk}/")
    data = conforms(load(raw_schema()), "get", "/api/members/{member_id}/", answer)
    assert data["avatar_url"] is None and data["tutor_page_url"] is None


def test_the_schema_documents_the_endpoint(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/members/{member_id}/"]["get"]
    assert operation["operationId"] == "member_profile"
    assert "404" in operation["responses"]


def test_the_api_costs_the_same_queries_for_3_or_30_reviews_and_posts(
    api_client, course, tutor, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_page import grow

    grow(tutor, course, tutor, 3)
    api_client.get(f"/api/members/{tutor.pk}/")  # warm the site-root cache
    with CaptureQueriesContext(connection) as baseline:
        api_client.get(f"/api/members/{tutor.pk}/")
    grow(tutor, course, tutor, 27)
    with django_assert_num_queries(len(baseline)):
        data = api_client.get(f"/api/members/{tutor.pk}/").json()
    assert data["reviews"]["count"] == 30 and len(data["reviews"]["results"]) == 10
    assert data["posts_count"] == 31 and len(data["posts"]) == 12
