"""Fixtures and helpers of the timetable's page and feed tests (conftest.py has the shared ones).

Lessons "now" need a wall-clock time that stays inside one day whatever the hour the tests
run at: ``midday_zone`` picks a fixed-offset zone (Etc/GMT±n) where it is about noon now.
"""

import datetime as dt
import itertools
import zoneinfo

import pytest
from django.utils import timezone

from learning.zoompool.models import ZoomAccount

from ..zoompool.fake_zoom import FakeZoom
from .factories import LiveLessonFactory, RuleFactory

_numbers = itertools.count(1)


def midday_zone(now: dt.datetime | None = None) -> str:
    """An Etc/GMT zone where the local hour is 12 now (Etc names flip the sign).

    At noon UTC, Africa/Abidjan (UTC all year): Chromium reports "Etc/GMT" as "UTC", so the
    browser's zone would not match the name the test set."""
    now = now or timezone.now()
    offset = 12 - now.astimezone(dt.UTC).hour  # -11 … +12 hours
    if offset == 0:
        return "Africa/Abidjan"
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def rule_now(group, *, starts_in=dt.timedelta(minutes=5), length=dt.timedelta(hours=1), **kw):
    """A weekly rule of ``group`` whose occurrence today starts ``starts_in`` from now."""
    zone_name = midday_zone()
    zone = zoneinfo.ZoneInfo(zone_name)
    start = (timezone.now() + starts_in).astimezone(zone).replace(second=0, microsecond=0)
    end = start + length
    return RuleFactory(
        group=group,
        weekday=start.weekday(),
        start_time=start.time(),
        end_time=end.time(),
        start_date=start.date(),
        end_date=start.date() + dt.timedelta(days=70),
        timezone=zone_name,
        **kw,
    )


def lesson_now(group, *, starts_in=dt.timedelta(minutes=5), length=dt.timedelta(hours=1), **kw):
    start = timezone.now() + starts_in
    return LiveLessonFactory(group=group, start=start, end=start + length, **kw)


def make_account(zoom: FakeZoom | None = None, **fields) -> ZoomAccount:
    """A pool account whose calls go to the fake Zoom."""
    n = next(_numbers)
    values = {
        "label": f"UI pool {n}",
        "account_id": f"ui-acct-{n}",
        "client_id": f"ui-client-{n}",
        "client_secret": f"ui-secret-{n}",
        "webhook_secret_token": f"ui-webhook-{n}",
        "zoom_user_id": f"host{n}@school.example",
    }
    values.update(fields)
    if zoom is not None:
        values.setdefault("endpoint_override", zoom.url)
    account = ZoomAccount.objects.create(**values)
    if zoom is not None:
        zoom.add_app(account.client_id, account.client_secret, account.account_id)
    return account


@pytest.fixture(name="fake_zoom")
def fake_zoom_fixture(settings):
    """The fake Zoom (tests/zoompool/fake_zoom.py) as every Zoom base URL."""
    with FakeZoom() as server:
        settings.ZOOM_API_BASE_URL = server.api_base
        settings.ZOOM_OAUTH_URL = server.oauth_url
        settings.ZOOM_TIMEOUT_SECONDS = 5
        yield server


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
