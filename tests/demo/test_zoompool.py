"""The demo pool accounts point at nothing: starting a lesson says Zoom is unreachable."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo.loader import read
from demo.loader.zoompool import load_zoom_accounts
from learning.schedule.models import Group, LiveLesson
from learning.zoompool.models import ZoomAccount

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def make_lesson(teacher) -> LiveLesson:
    group = Group.objects.create(name="Группа для Zoom", teacher=teacher)
    start = timezone.now() + timedelta(minutes=5)
    return LiveLesson.objects.create(
        group=group, teacher=teacher, title="Алгебра", start=start, end=start + timedelta(hours=1)
    )


def test_demo_accounts_say_zoom_is_unreachable(demo, api_client, teacher):
    accounts = list(ZoomAccount.objects.order_by("pk"))
    assert load_zoom_accounts(read("zoompool")) == accounts and len(accounts) == 2
    api_client.force_authenticate(teacher)
    response = api_client.post(f"/api/lessons/live/{make_lesson(teacher).pk}/start/")
    # The demo accounts point at nothing: Zoom "is not answering", the start fails fast.
    assert response.status_code == 503
    assert response.json()["code"] == "zoom_unavailable"
    assert int(response["Retry-After"]) >= 1
    assert not ZoomAccount.objects.filter(is_busy=True).exists()
    assert all("unreachable" in a.last_error for a in ZoomAccount.objects.filter(pk=accounts[0].pk))
