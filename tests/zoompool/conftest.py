"""The Zoom pool's tests: a fake Zoom server, pool accounts, lessons and signed webhooks."""

import itertools
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from learning.schedule.models import Group, LiveLesson
from learning.zoompool.models import ZoomAccount
from learning.zoompool.zoom_client import webhook_signature

from ..factories import TeacherFactory
from .fake_zoom import FakeZoom

WEBHOOK_PATHS = ["/api/zoom/webhook/"]
_numbers = itertools.count(1)


@pytest.fixture
def zoom(settings):
    """The fake Zoom, with the client's base URLs pointing at it."""
    with FakeZoom() as server:
        settings.ZOOM_API_BASE_URL = server.api_base
        settings.ZOOM_OAUTH_URL = server.oauth_url
        settings.ZOOM_TIMEOUT_SECONDS = 5
        yield server


def make_account(zoom: FakeZoom | None = None, **fields) -> ZoomAccount:
    n = next(_numbers)
    values = {
        "label": f"Pool {n}",
        "account_id": f"acct-{n}",
        "client_id": f"client-{n}",
        "client_secret": f"client-secret-{n}",
        "webhook_secret_token": f"webhook-secret-{n}",
        "zoom_user_id": f"host{n}@school.example",
    }
    values.update(fields)
    account = ZoomAccount.objects.create(**values)
    if zoom is not None:
        zoom.add_app(account.client_id, account.client_secret, account.account_id)
    return account


def make_lesson(teacher=None, *, starts_in=timedelta(minutes=5), length=timedelta(hours=1), **kw):
    teacher = teacher or TeacherFactory()
    group = kw.pop("group", None) or Group.objects.create(
        name=f"Группа {next(_numbers)}", teacher=teacher
    )
    start = kw.pop("start", None) or timezone.now() + starts_in
    return LiveLesson.objects.create(
        group=group,
        teacher=teacher,
        title=kw.pop("title", "Алгебра: квадратные уравнения"),
        start=start,
        end=kw.pop("end", None) or start + length,
        **kw,
    )


def signed(body: dict | bytes, secret: str, *, timestamp: int | None = None) -> dict:
    """Request kwargs for Django's test client: the raw JSON and Zoom's signature headers."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "data": raw,
        "content_type": "application/json",
        "headers": {
            "x-zm-request-timestamp": stamp,
            "x-zm-signature": webhook_signature(secret, stamp, raw),
        },
    }


def meeting_ended(lesson: LiveLesson, account: ZoomAccount, *, uuid: str | None = None) -> dict:
    return {
        "event": "meeting.ended",
        "event_ts": int(time.time() * 1000),
        "payload": {
            "account_id": account.account_id,
            "object": {
                "id": lesson.zoom_meeting_id,
                "uuid": uuid or lesson.zoom_meeting_uuid,
                "host_id": "fakehost",
                "topic": lesson.title,
                "type": 2,
                "start_time": lesson.start.isoformat(),
                "end_time": timezone.now().isoformat(),
                "duration": 60,
            },
        },
    }


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client
