"""Subjects, published tutors with prices, languages, levels, ratings and weekly hours, and a
learner's request, built through the services the site uses."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import TeacherProfile
from courses.models import TutorLanguage
from learning.schedule import services as schedule
from tutoring import services
from tutoring.models import TutorLevel

from ..courses.factories import CategoryFactory, TutorPageFactory
from ..factories import StudentFactory, TeacherFactory

TUE, THU = 1, 3
EVENINGS = [(TUE, 18, 21), (THU, 18, 21)]  # Moscow wall clock


def make_tutor(
    parent,
    title,
    *,
    subjects=(),
    price=1500,
    currency="RUB",
    languages=("ru",),
    levels=(),
    rating=None,
    hours=(),
    zone="Europe/Moscow",
):
    user = TeacherFactory(verified=True, first_name=title, last_name="Tutor")
    page = TutorPageFactory(
        parent=parent, title=title, user=user, owner=user, hourly_price=price, currency=currency
    )
    for subject in subjects:
        page.subjects.add(subject)
    for code in languages:
        TutorLanguage.objects.create(page=page, language=code)
    page.save_revision().publish()
    for level in levels:
        TutorLevel.objects.create(tutor=user, level=level)
    if rating is not None:
        average, count = rating
        TeacherProfile.objects.update_or_create(
            user=user, defaults={"rating": Decimal(average), "reviews_count": count}
        )
    if hours:
        schedule.set_availability(
            user,
            timezone=zone,
            ranges=[schedule.Hours(dt.time(a), dt.time(b), weekday=d) for d, a, b in hours],
        )
    return user


@pytest.fixture
def subjects(db):
    sciences = CategoryFactory(slug="sciences", name="Науки")
    return {
        "sciences": sciences,
        "maths": CategoryFactory(slug="maths", name="Математика", parent=sciences),
        "music": CategoryFactory(slug="music", name="Музыка"),
    }


@pytest.fixture
def learner(db):
    return StudentFactory(verified=True, first_name="Lena", last_name="Learner")


def next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def post(learner, subject, **overrides):
    fields = {
        "subject": subject,
        "level": "intermediate",
        "goal": "Подготовиться к экзамену",
        "windows": [services.WeeklyTime(d, dt.time(a), dt.time(b)) for d, a, b in EVENINGS],
        "language": "ru",
        "start_date": next_monday(),
        "budget": Decimal("2000"),
        "currency": "RUB",
        "timezone_name": "Europe/Moscow",
    }
    fields.update(overrides)
    return services.post_request(learner, **fields)


def request_body(subject, **overrides):
    body = {
        "subject": subject.pk,
        "level": "intermediate",
        "goal": "Подготовиться к экзамену",
        "format": "one_to_one",
        "budget": "2000.00",
        "currency": "RUB",
        "language": "ru",
        "timezone": "Europe/Moscow",
        "windows": [
            {"weekday": d, "start": f"{a:02d}:00", "end": f"{b:02d}:00"} for d, a, b in EVENINGS
        ],
        "start_date": next_monday().isoformat(),
    }
    body.update(overrides)
    return body
