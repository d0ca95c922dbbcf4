"""Demo analytics (analytics.yaml): months of rolled-up course page views and paid orders.

Views are written as the daily aggregates the nightly rollup makes (``CourseViewDay``), each
day marked rolled up with its raw views gone, so the rollup never replaces them. The same
days get the same numbers on every run (seeded by the course's slug); a day already there is
left alone, so a second run creates nothing. Orders are found by a demo checkout id.
"""

from __future__ import annotations

import random
import zlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from courses.models import CoursePage
from learning.analytics.models import CourseViewDay, RolledUpDay
from learning.analytics.services.rollup import day_start, today
from learning.payments.models import Order

WEEKEND = 0.6  # a weekend day's share of a weekday's views


def _course(slug: str) -> CoursePage:
    return CoursePage.objects.get(slug=slug, locale__language_code="ru")


def _day_row(course: CoursePage, slug: str, day: date, daily: int, share: float) -> CourseViewDay:
    # One generator per course and day: the same numbers whatever else the file holds.
    rng = random.Random(zlib.crc32(f"{slug}:{day.isoformat()}".encode()))  # noqa: S311 (demo)
    views = round(daily * share * (WEEKEND if day.weekday() >= 5 else 1) * rng.uniform(0.7, 1.3))
    mobile = round(views * rng.uniform(0.35, 0.55))
    tablet = round(views * rng.uniform(0.02, 0.08))
    return CourseViewDay(
        course=course,
        day=day,
        views=views,
        visitors=round(views * rng.uniform(0.6, 0.8)),
        mobile=mobile,
        tablet=tablet,
        desktop=views - mobile - tablet,
        bots=round(views * rng.uniform(0.05, 0.15)),
        referred=round(views * rng.uniform(0.2, 0.4)),
    )


def load_views(data: dict[str, Any]) -> int:
    last = today() - timedelta(days=1)
    span = data["months"] * 30
    first = last - timedelta(days=span)
    growth = float(data["growth"])
    rows = []
    for slug, daily in data["views"].items():
        course = _course(slug)
        for n in range(span + 1):
            day = first + timedelta(days=n)
            share = growth + (1 - growth) * n / span
            rows.append(_day_row(course, slug, day, daily, share))
    before = CourseViewDay.objects.count()
    CourseViewDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    now = timezone.now()
    RolledUpDay.objects.bulk_create(
        [
            RolledUpDay(day=first + timedelta(days=n), rolled_up_at=now, pruned_at=now)
            for n in range(span + 1)
        ],
        ignore_conflicts=True,
    )
    return CourseViewDay.objects.count() - before


def load_orders(data: dict[str, Any]) -> int:
    buyers = {u.email: u for u in User.objects.filter(email__in={o["buyer"] for o in data})}
    made = 0
    for number, spec in enumerate(data, start=1):
        course = _course(spec["course"])
        paid_at = day_start(today() - timedelta(days=spec["days_ago"])) + timedelta(hours=12)
        refunded = spec.get("refunded_days_ago")
        buyer = buyers.get(spec["buyer"])
        _order, created = Order.objects.get_or_create(
            checkout_id=f"demo-analytics-{number}",
            defaults={
                "user": buyer,
                "email": spec["buyer"],
                "course": course,
                "course_title": course.title,
                "amount": Decimal(course.price),
                "currency": course.currency,
                "status": Order.Status.REFUNDED if refunded else Order.Status.PAID,
                "paid_at": paid_at,
                "refunded_at": (
                    day_start(today() - timedelta(days=refunded)) + timedelta(hours=15)
                    if refunded
                    else None
                ),
            },
        )
        made += created
    return made


def load_analytics(data: dict[str, Any]) -> dict[str, int]:
    return {"view_days": load_views(data), "orders": load_orders(data["orders"])}
