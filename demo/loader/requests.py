"""One open request and two offers (requests.yaml), through ``tutoring.services``: the learner
posts it (the best-matching tutors are told), two tutors of the subject answer within their
weekly hours. A learner with an open request of that subject already is left alone."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from courses.models import Category
from tutoring import services
from tutoring.models import TutorRequest
from tutoring.services.requests import WeeklyTime


def _weekly(items: list[dict[str, Any]]) -> list[WeeklyTime]:
    def clock(value: str) -> time:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))

    return [WeeklyTime(i["weekday"], clock(i["start"]), clock(i["end"])) for i in items]


def load_requests(data: dict[str, Any]) -> dict[str, int]:
    spec = data["request"]
    emails = [spec["learner"]] + [offer["tutor"] for offer in data["offers"]]
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    subject = Category.objects.filter(slug=spec["subject"]).order_by("pk").first()
    learner = people.get(spec["learner"])
    if subject is None or learner is None:
        return {"requests": 0, "offers": 0}
    if TutorRequest.objects.filter(
        learner=learner, subject=subject, status=TutorRequest.Status.OPEN
    ).exists():
        return {"requests": 0, "offers": 0}
    request = services.post_request(
        learner,
        subject=subject,
        level=spec["level"],
        goal=spec["goal"],
        windows=_weekly(spec["windows"]),
        language=spec["language"],
        start_date=timezone.localdate() + timedelta(days=spec["start_in_days"]),
        format=spec["format"],
        budget=Decimal(spec["budget"]),
        timezone_name=spec["timezone"],
    )
    offers = 0
    for offer in data["offers"]:
        services.make_offer(
            people[offer["tutor"]],
            request,
            message=offer["message"],
            price=Decimal(offer["price"]),
            times=_weekly(offer["times"]),
        )
        offers += 1
    return {"requests": 1, "offers": offers}
