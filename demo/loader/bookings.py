"""The tutors' weekly hours and one confirmed trial lesson (bookings.yaml), through
``learning.schedule``'s and ``learning.bookings``' services, as a tutor and a learner would
make them: the trial becomes a one-off lesson of the pair's own group in both timetables.
A tutor who has hours keeps them; a learner with a trial of that tutor gets no second one."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from courses.models import TutorPage
from learning.bookings import services as bookings
from learning.bookings.models import Booking
from learning.schedule.models import Availability
from learning.schedule.services.availability import Hours, free_slots, set_availability


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def load_bookings(data: dict[str, Any]) -> dict[str, int]:
    emails = [item["tutor"] for item in data["availability"]]
    emails += [data["trial"]["learner"], data["trial"]["tutor"]]
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    set_up = 0
    for item in data["availability"]:
        tutor = people.get(item["tutor"])
        if tutor is None or Availability.objects.filter(tutor=tutor).exists():
            continue
        set_availability(
            tutor,
            timezone=item["timezone"],
            ranges=[
                Hours(_time(r["start"]), _time(r["end"]), weekday=r["weekday"])
                for r in item["ranges"]
            ],
        )
        set_up += 1
    learner = people[data["trial"]["learner"]]
    tutor = people[data["trial"]["tutor"]]
    trials = 0
    if not Booking.objects.filter(learner=learner, tutor=tutor, kind=Booking.Kind.TRIAL).exists():
        page = TutorPage.objects.live().filter(user=tutor).order_by("pk").first()
        tomorrow = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        tomorrow += timedelta(days=1)
        slots = free_slots(tutor, tomorrow, tomorrow + timedelta(days=13))
        if page is not None and slots:
            booking, _url = bookings.book(learner, page, slots[0].start, Booking.Kind.TRIAL)
            bookings.confirm(tutor, booking)
            trials = 1
    return {"availability": set_up, "trials": trials}
