"""Notifications over JSON: own notices only, newest first, in fixed queries; mark read."""

import pytest

from accounts import services
from accounts.models import Notification
from tests.factories import StudentFactory

from . import openapi
from .openapi import conforms

pytestmark = pytest.mark.django_db

LIST = "/api/users/notifications/"


@pytest.fixture(scope="module")
def schema():
    return openapi.load()


def notices(user, count: int, title: str = "Notice") -> list[Notification]:
    return [
        services.notify(user, "courses", f"{title} {n}", url="/ru/cabinet/", email=False)
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", LIST),
        ("get", LIST + "unread-count/"),
        ("post", LIST + "read-all/"),
        ("post", LIST + "1/read/"),
    ],
)
def test_anonymous_people_are_refused(api_client, method, path):
    response = getattr(api_client, method)(path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_list_is_own_newest_first_paginated_in_fixed_queries(
    api_client, student, schema, django_assert_num_queries
):
    notices(StudentFactory(), 3, "Not yours")
    notices(student, 25)
    api_client.force_authenticate(student)
    # The count and the page: the same two queries for 25 notices as for one.
    with django_assert_num_queries(2):
        response = api_client.get(LIST)
    body = conforms(schema, "get", LIST, response)
    assert body["count"] == 25
    titles = [item["title"] for item in body["results"]]
    assert titles[0] == "Notice 24" and len(titles) == 20
    assert not any(title.startswith("Not yours") for title in titles)
    assert body["results"][0]["is_read"] is False and body["results"][0]["kind"] == "courses"
    second = api_client.get(LIST, {"page": 2}).json()
    assert [item["title"] for item in second["results"]][-1] == "Notice 0"


def test_unread_filter_and_count(api_client, student, schema):
    first, second, third = notices(student, 3)
    services.mark_notifications_read(student, [first.pk])
    api_client.force_authenticate(student)
    count = api_client.get(LIST + "unread-count/")
    assert conforms(schema, "get", LIST + "unread-count/", count) == {"unread": 2}
    unread = api_client.get(LIST, {"unread": "true"}).json()
    assert {item["id"] for item in unread["results"]} == {second.pk, third.pk}
    assert api_client.get(LIST, {"unread": "maybe"}).status_code == 400


def test_mark_one_read(api_client, student, schema):
    notice, other = notices(student, 2)
    api_client.force_authenticate(student)
    response = api_client.post(f"{LIST}{notice.pk}/read/")
    body = conforms(schema, "post", LIST + "{id}/read/", response)
    assert body["id"] == notice.pk and body["is_read"] is True and body["read_at"]
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None and other.read_at is None
    # Again: still read, the first time kept.
    again = api_client.post(f"{LIST}{notice.pk}/read/").json()
    assert again["read_at"] == body["read_at"]
    assert api_client.get(LIST + "unread-count/").json() == {"unread": 1}


def test_someone_elses_notice_is_not_found(api_client, student, schema):
    (theirs,) = notices(StudentFactory(), 1)
    api_client.force_authenticate(student)
    response = api_client.post(f"{LIST}{theirs.pk}/read/")
    assert conforms(schema, "post", LIST + "{id}/read/", response)["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert api_client.post(f"{LIST}{2**63}/read/").status_code == 404


def test_mark_all_read_touches_only_own(api_client, student, schema):
    notices(student, 3)
    (theirs,) = notices(StudentFactory(), 1)
    api_client.force_authenticate(student)
    response = api_client.post(LIST + "read-all/")
    assert conforms(schema, "post", LIST + "read-all/", response) == {"marked": 3}
    assert services.unread_notifications(student) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert api_client.post(LIST + "read-all/").json() == {"marked": 0}
