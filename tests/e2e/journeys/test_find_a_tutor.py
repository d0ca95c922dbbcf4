"""Finding a tutor, both ways, in Chromium on the demo site:

1. A learner filters the tutors by subject and evening time, opens the tutor, books a trial
   slot; the tutor confirms it from "My bookings"; the lesson is in both people's timetables.
2. The learner posts a "find me a tutor" request; two tutors of the subject answer it with
   offers; the learner compares them, accepts one and lands in the conversation with that tutor.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from .conftest import PASSWORD
from .journey import StepFailed, events

pytestmark = [pytest.mark.e2e, pytest.mark.journeys, pytest.mark.xdist_group("journeys")]

LEARNER = "student2@ustat.test"
PYTHON_TUTOR = "tutor2@ustat.test"  # Дмитрий Орлов: Python; free Tue and Thu evenings
ENGLISH_TUTORS = ("tutor1@ustat.test", "tutor4@ustat.test")  # both teach English


@pytest.fixture
def lang() -> str:
    return "ru"  # the code is the same in English; phone and desktop both run


def test_book_a_trial_then_request_offers(journey_factory, fresh_site):
    learner = journey_factory("find-learner", fresh_site)
    learner.sign_in(LEARNER, PASSWORD, "student")
    learner.visit("tutors-python-evenings", "/ru/tutors/?subject=python&time_of_day=evening")
    found = learner.page.locator("a.tutor-card", has_text="Дмитрий Орлов")
    if not found.count():
        raise StepFailed("the Python tutor free in the evenings is not in the filtered list")
    learner.click_and_wait("a.tutor-card >> text=Дмитрий Орлов", "the tutor's card")
    learner.click_and_wait("[data-testid=tutor-book]", "Book a lesson")
    learner.visit("book-trial", ready="[data-testid=booking-slot]")
    learner.page.locator("[data-testid=booking-kind-trial]").check()
    slot = learner.page.locator("label.chip:has([data-testid=booking-slot])").first
    slot.click()
    learner.click_and_wait("[data-testid=booking-submit]", "Book")
    learner.visit("my-bookings", ready="[data-testid=booking][data-status=requested]")

    tutor = journey_factory("find-tutor", fresh_site)
    tutor.sign_in(PYTHON_TUTOR, PASSWORD, "teacher")
    tutor.visit("tutor-bookings", "/ru/bookings/?role=tutor", ready="[data-testid=booking-confirm]")
    tutor.click_and_wait("[data-testid=booking-confirm]", "Confirm")
    tutor.visit("tutor-bookings-confirmed", ready="[data-testid=booking][data-status=confirmed]")
    trial = "Пробное занятие"
    for journey in (learner, tutor):
        found = [event for event in events(journey) if trial in (event.get("title") or "")]
        if not found:
            raise StepFailed(f"the trial lesson is not in {journey.name}'s timetable")
    # The calendar opens on today (a day on phones, a week on desktops): open it on the trial's day,
    # which the API gives in the person's own time zone.
    day = found[0]["start"][:10]
    learner.visit(
        "calendar-with-trial", f"/ru/schedule/?date={day}", ready=f".fc-event:has-text('{trial}')"
    )

    # A request, two offers, one accepted.
    learner.visit("request-form", "/ru/requests/new/")
    form = learner.page
    form.select_option("select[name=subject]", label="Языки › Английский")
    form.select_option("select[name=level]", value="intermediate")
    form.fill("textarea[name=goal]", "Говорить на созвонах с коллегами без пауз.")
    form.fill("input[name=budget]", "2500")
    form.fill("input[name=start_date]", str(datetime.now(UTC).date() + timedelta(days=3)))
    form.fill("input[name=day_4]", "16:00-20:00")
    form.fill("input[name=day_5]", "09:00-13:00")
    learner.click_and_wait("main form button[type=submit]", "Post the request")
    learner.visit("request-posted", ready="[data-testid=match]")
    request_url = learner.page.url

    times = {
        "tutor1@ustat.test": ("time_4", "17:00-18:00"),
        "tutor4@ustat.test": ("time_5", "10:00-11:00"),
    }
    for email in ENGLISH_TUTORS:
        answering = journey_factory("find-tutor", fresh_site)
        answering.sign_in(email, PASSWORD, "teacher")
        answering.visit("board", "/ru/requests/board/")
        answering.go(request_url)
        answering.page.fill(
            "textarea[name=message]", "Здравствуйте! Предлагаю начать на этой неделе."
        )
        answering.page.fill("input[name=price]", "1700")
        field, value = times[email]
        answering.page.fill(f"input[name={field}]", value)
        answering.click_and_wait("main form button[type=submit]", "Send the offer")
        answering.visit("offer-sent", ready="[data-testid=my-offer]")
        answering.check()

    learner.visit("offers-side-by-side", request_url, ready="[data-testid=offer] >> nth=1")
    learner.click_and_wait("[data-testid=offer] >> nth=0 >> button[type=submit]", "Accept")
    if "/cabinet/messages/" not in learner.page.url:
        raise StepFailed(f"accepting ended on {learner.path(learner.page.url)}")
    learner.visit("conversation-after-accept", ready=".msg")
    for journey in (learner, tutor):
        journey.check()
