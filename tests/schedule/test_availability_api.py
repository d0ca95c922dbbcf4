"""The availability API: a tutor's own hours, and any tutor's free slots."""

import datetime as dt

import pytest

from learning.schedule import services

from ..courses.factories import TutorPageFactory
from ..factories import StudentFactory, TeacherFactory
from .factories import GroupFactory, LiveLessonFactory

URL = "/api/schedule/availability/"
HOURS = {
    "timezone": "Europe/Berlin",
    "ranges": [
        {"weekday": 0, "start": "17:00", "end": "19:00"},
        {"weekday": 0, "start": "09:00", "end": "10:00"},
    ],
    "exceptions": [{"date": "2030-04-01", "start": None, "end": None}],
}


@pytest.fixture
def tutor(db):
    return TeacherFactory(verified=True)


def test_a_tutor_puts_and_gets_their_hours(api_client, tutor):
    api_client.force_authenticate(tutor)
    assert api_client.get(URL).json() == {"timezone": "", "ranges": [], "exceptions": []}
    response = api_client.put(URL, HOURS, format="json")
    assert response.status_code == 200, response.content
    expected = {
        "timezone": "Europe/Berlin",
        "ranges": [
            {"weekday": 0, "start": "09:00", "end": "10:00"},
            {"weekday": 0, "start": "17:00", "end": "19:00"},
        ],
        "exceptions": [{"date": "2030-04-01", "start": None, "end": None}],
    }
    assert response.json() == expected
    assert api_client.get(URL).json() == expected


def test_overlapping_ranges_are_a_field_error(api_client, tutor):
    api_client.force_authenticate(tutor)
    body = {**HOURS, "ranges": [*HOURS["ranges"], {"weekday": 0, "start": "18:00", "end": "20:00"}]}
    response = api_client.put(URL, body, format="json")
    assert response.status_code == 400
    assert "ranges" in response.json()


def test_a_student_cannot_set_hours(api_client, db):
    api_client.force_authenticate(StudentFactory(verified=True))
    assert api_client.put(URL, HOURS, format="json").status_code == 403


def test_anonymous_visitors_cannot_read_hours(api_client, db):
    assert api_client.get(URL).status_code in (401, 403)


def test_free_slots_are_public(api_client, tutor_index, tutor):
    page = TutorPageFactory(parent=tutor_index, user=tutor)
    services.set_availability(
        tutor,
        timezone="Europe/Berlin",
        ranges=[services.Hours(dt.time(17), dt.time(20), weekday=0)],
    )
    berlin = dt.timezone(dt.timedelta(hours=1))
    LiveLessonFactory(
        group=GroupFactory(teacher=tutor),
        start=dt.datetime(2030, 3, 25, 18, tzinfo=berlin),
        end=dt.datetime(2030, 3, 25, 19, tzinfo=berlin),
    )
    response = api_client.get(
        f"/api/tutors/{page.pk}/free-slots/", {"from": "2030-03-25", "to": "2030-03-26"}
    )
    assert response.status_code == 200, response.content
    assert response.json() == [
        {"start": "2030-03-25T17:00:00+01:00", "end": "2030-03-25T18:00:00+01:00"},
        {"start": "2030-03-25T19:00:00+01:00", "end": "2030-03-25T20:00:00+01:00"},
    ]


def test_free_slots_window_is_at_most_two_weeks(api_client, tutor_index, tutor):
    page = TutorPageFactory(parent=tutor_index, user=tutor)
    response = api_client.get(
        f"/api/tutors/{page.pk}/free-slots/", {"from": "2030-03-01", "to": "2030-03-16"}
    )
    assert response.status_code == 400
    assert "to" in response.json()


def test_free_slots_of_an_unknown_tutor_are_404(api_client, db):
    response = api_client.get(
        "/api/tutors/999999/free-slots/", {"from": "2030-03-01", "to": "2030-03-02"}
    )
    assert response.status_code == 404
