"""The timetable's registry for apps built on it: capacity checks and the lesson's video room.

The timetable imports nothing of the video pool; without a registered room its lesson page
offers no "Start lesson" and the start URL is not found.
"""

import datetime as dt

import pytest
from django.urls import reverse

from learning.schedule import extensions, services

from .conftest import MSK
from .ui_fixtures import lesson_now


@pytest.fixture
def no_video_room(monkeypatch):
    monkeypatch.setattr(extensions, "_video_room", [])


@pytest.fixture
def only_check(monkeypatch):
    """Replace the registered checks with one that records what it was asked."""
    asked = []

    def check(start, end, key):
        asked.append((start, end, key))
        return "Too many lessons at once."

    monkeypatch.setattr(extensions, "_capacity_checks", [])
    extensions.register_capacity_check(check)
    extensions.register_capacity_check(check)  # registering twice asks once
    return asked


def test_the_pool_registers_itself():
    assert extensions.video_room() is not None
    assert len(extensions._capacity_checks) == 1


def test_a_registered_check_warns_about_a_new_lesson(group, teacher, only_check):
    start = dt.datetime(2030, 9, 4, 18, tzinfo=MSK)
    lesson, warning = services.create_lesson(
        teacher, group, title="Урок", start=start, end=start + dt.timedelta(hours=1)
    )
    assert warning == "Too many lessons at once."
    assert only_check == [(start, start + dt.timedelta(hours=1), f"lesson:{lesson.pk}")]


def test_without_a_video_room_the_lesson_page_has_no_start(client, teacher, group, no_video_room):
    lesson = lesson_now(group)
    client.force_login(teacher)
    page = client.get(reverse("schedule:lesson", kwargs={"key": f"lesson:{lesson.pk}"}))
    assert page.status_code == 200
    assert 'data-testid="start-lesson"' not in page.content.decode()
    start = client.post(reverse("schedule:lesson-start", kwargs={"key": f"lesson:{lesson.pk}"}))
    assert start.status_code == 404
