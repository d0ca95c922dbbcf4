"""The "My availability" page: a tutor's weekly hours and exceptions as a form."""

import datetime as dt

import pytest
from django.urls import reverse

from learning.schedule import services

from ..factories import StudentFactory

URL = reverse("schedule:availability")


def test_a_tutor_saves_hours_and_sees_them_again(client, teacher):
    client.force_login(teacher)
    response = client.post(
        URL,
        {
            "timezone": "Europe/Berlin",
            "day_0": "09:00-12:00, 14:00-18:00",
            "day_3": "18:00-20:00",
            "exceptions": "2030-12-31\n2030-12-28 10:00-11:00",
        },
    )
    assert response.status_code == 302
    availability = services.availability_of(teacher)
    assert availability.timezone == "Europe/Berlin"
    assert [(r.weekday, r.start_time) for r in availability.ranges.all()] == [
        (0, dt.time(9)),
        (0, dt.time(14)),
        (3, dt.time(18)),
    ]
    assert [(e.date, e.start_time) for e in availability.exceptions.all()] == [
        (dt.date(2030, 12, 28), dt.time(10)),
        (dt.date(2030, 12, 31), None),
    ]
    html = client.get(URL).content.decode()
    assert 'value="09:00-12:00, 14:00-18:00"' in html
    assert "2030-12-28 10:00-11:00" in html and "2030-12-31" in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("day_1", "9 to 12"),
        ("day_1", "12:00-09:00"),
        ("exceptions", "tomorrow"),
        ("day_2", "09:00-11:00, 10:00-12:00"),
    ],
)
def test_bad_hours_are_shown_on_the_form(client, teacher, field, value):
    client.force_login(teacher)
    response = client.post(URL, {"timezone": "UTC", field: value})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert services.availability_of(teacher) is None


def test_the_calendar_links_to_it_for_tutors(client, teacher):
    client.force_login(teacher)
    assert URL in client.get(reverse("schedule:calendar")).content.decode()


def test_students_cannot_open_it(client, db):
    client.force_login(StudentFactory(verified=True))
    assert client.get(URL).status_code == 403
