"""The site's booking pages: pick a free slot in one's time zone and book it; the tutor
confirms or declines on "My bookings", the learner cancels there."""

import datetime as dt

import pytest

from learning.bookings.models import Booking

from .conftest import slot_at

pytestmark = pytest.mark.django_db


def test_the_slots_are_shown_in_the_learners_time_zone_and_booked(client, learner, tutor_page):
    client.force_login(learner)
    url = f"/ru/bookings/tutor/{tutor_page.pk}/"
    html = client.get(url, {"tz": "Asia/Vladivostok"}).content.decode()
    assert 'data-testid="booking-panel"' in html
    start = slot_at(1, 10)  # 10:00 in Moscow is 17:00 in Vladivostok
    local = start.astimezone(dt.timezone(dt.timedelta(hours=10)))
    assert f'value="{local.isoformat()}"' in html and "17:00–18:00" in html
    response = client.post(
        url, {"tz": "Asia/Vladivostok", "start": local.isoformat(), "kind": "trial"}
    )
    assert response.status_code == 302 and response["Location"].endswith("/bookings/")
    booking = Booking.objects.get()
    assert booking.start == start and booking.kind == "trial"
    # A slot taken meanwhile: the page says so.
    response = client.post(url, {"start": local.isoformat(), "kind": "single"}, follow=True)
    assert "Это время уже занято" in response.content.decode()


def test_the_tutor_confirms_and_declines_on_my_bookings(
    client, learner, other_learner, tutor, tutor_page
):
    first = Booking.objects.create(
        learner=learner,
        tutor=tutor,
        start=slot_at(1, 10),
        end=slot_at(1, 11),
        kind="trial",
        deadline=slot_at(1, 10),
    )
    second = Booking.objects.create(
        learner=other_learner,
        tutor=tutor,
        start=slot_at(1, 12),
        end=slot_at(1, 13),
        kind="trial",
        deadline=slot_at(1, 12),
    )
    client.force_login(tutor)
    html = client.get("/ru/bookings/", {"role": "tutor"}).content.decode()
    assert html.count('data-testid="booking-confirm"') == 2
    client.post(f"/ru/bookings/{first.pk}/confirm/")
    client.post(f"/ru/bookings/{second.pk}/decline/", {"reason": "Занята"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.decline_reason) == (
        "confirmed",
        "declined",
        "Занята",
    )
    html = client.get("/ru/bookings/").content.decode()
    assert f"/schedule/lessons/lesson:{first.lesson_id}/" in html
    # The learner cannot answer, and a stranger's request is a 404.
    client.force_login(learner)
    third = Booking.objects.create(
        learner=learner,
        tutor=tutor,
        start=slot_at(2, 10),
        end=slot_at(2, 11),
        kind="single",
        deadline=slot_at(2, 10),
    )
    client.post(f"/ru/bookings/{third.pk}/confirm/")
    assert Booking.objects.get(pk=third.pk).status == "requested"
    client.force_login(other_learner)
    assert client.post(f"/ru/bookings/{third.pk}/cancel/").status_code == 404
    client.force_login(learner)
    client.post(f"/ru/bookings/{third.pk}/cancel/")
    assert Booking.objects.get(pk=third.pk).status == "cancelled"
