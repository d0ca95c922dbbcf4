"""A person's iCalendar address over the API: read it, rotate it, revoke it; and the calendar
page, which shows the same address (or none) and makes, replaces or turns it off."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from learning.schedule.models import CalendarFeed

from .ui_fixtures import lesson_now

pytestmark = pytest.mark.django_db

FEED = "/api/schedule/feed/"
ROTATE = "/api/schedule/feed/rotate/"
CALENDAR = "/ru/schedule/"


@pytest.fixture
def as_member(api_client, member):
    api_client.force_authenticate(member)
    return api_client


def address(response) -> str:
    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    return url


def ics_status(client, url: str) -> int:
    """What a calendar app (signed out) gets from the address."""
    return client.get(url.removeprefix("http://testserver")).status_code


def test_read_rotate_and_revoke_the_address(as_member, client, member, group):
    lesson_now(group, title="Урок в календаре")
    missing = as_member.get(FEED)
    assert missing.status_code == 404 and missing.json()["code"] == "no_feed"

    first = address(as_member.post(ROTATE))  # makes the first one
    assert address(as_member.get(FEED)) == first
    assert ics_status(client, first) == 200
    assert "Урок в календаре" in client.get(first.removeprefix("http://testserver")).text

    second = address(as_member.post(ROTATE))
    assert second != first and address(as_member.get(FEED)) == second
    assert (ics_status(client, first), ics_status(client, second)) == (404, 200)

    assert as_member.delete(FEED).status_code == 204
    assert ics_status(client, second) == 404
    assert as_member.get(FEED).status_code == 404
    assert not CalendarFeed.objects.filter(user=member).exists()
    assert as_member.delete(FEED).status_code == 204  # revoking nothing is no error

    third = address(as_member.post(ROTATE))
    assert third not in (first, second) and ics_status(client, third) == 200


def test_the_address_is_the_one_the_calendar_page_shows(as_member, client, member):
    made = address(as_member.post(ROTATE))
    client.force_login(member)
    assert f'value="{made}"' in client.get(CALENDAR).content.decode()


def test_signed_out_get_nothing(api_client, member):
    CalendarFeed.objects.create(user=member)
    for method, url in (("get", FEED), ("delete", FEED), ("post", ROTATE)):
        response = getattr(api_client, method)(url)
        assert response.status_code in (401, 403), (method, url)
        assert "calendar" not in response.content.decode()
    assert CalendarFeed.objects.filter(user=member).count() == 1


def test_people_only_reach_their_own_address(api_client, member, outsider):
    theirs = CalendarFeed.objects.create(user=member)
    api_client.force_authenticate(outsider)
    assert api_client.get(FEED).status_code == 404
    assert api_client.delete(FEED).status_code == 204
    mine = address(api_client.post(ROTATE))
    assert theirs.token not in mine
    assert CalendarFeed.objects.get(user=member).token == theirs.token


def test_the_schema_documents_the_feed_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    feed = schema["paths"][FEED]
    assert set(feed["get"]["responses"]) >= {"200", "404"}
    assert "204" in feed["delete"]["responses"]
    assert "200" in schema["paths"][ROTATE]["post"]["responses"]
    body = schema["components"]["schemas"]["CalendarFeed"]
    assert body["properties"]["url"] == {
        "type": "string",
        "format": "uri",
        "readOnly": True,
        "description": "Absolute: give it to a calendar app.",
    }


# --- the calendar page ----------------------------------------------------------------------------


def test_page_without_an_address_offers_to_make_one(client, member, group):
    lesson_now(group)
    client.force_login(member)
    html = client.get(CALENDAR).content.decode()
    assert 'data-testid="no-feed"' in html and 'data-testid="feed-url"' not in html
    assert not CalendarFeed.objects.filter(user=member).exists()  # viewing makes nothing

    response = client.post(reverse("schedule:feed-revoke"))
    assert response.status_code == 302 and response["Location"].endswith("#calendar-feed")
    feed = CalendarFeed.objects.get(user=member)
    html = client.get(CALENDAR).content.decode()
    assert f"/calendar/{feed.token}.ics" in html and 'data-testid="no-feed"' not in html

    response = client.post(reverse("schedule:feed-delete"))
    assert response.status_code == 302 and response["Location"].endswith("#calendar-feed")
    assert not CalendarFeed.objects.filter(user=member).exists()
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404
    html = client.get(CALENDAR).content.decode()
    assert 'data-testid="no-feed"' in html and feed.token not in html


def test_turning_off_needs_post_and_sign_in(client, member):
    feed = CalendarFeed.objects.create(user=member)
    assert client.post(reverse("schedule:feed-delete")).status_code == 302  # to sign in
    client.force_login(member)
    assert client.get(reverse("schedule:feed-delete")).status_code == 405
    assert CalendarFeed.objects.get(user=member).token == feed.token
