"""The school's revenue: paid orders by month and course, refunds subtracted in the month
they were made, each currency apart."""

import datetime as dt
from decimal import Decimal

import pytest

from learning.analytics.services import school_report
from learning.payments.models import Order

from ..factories import StudentFactory
from .conftest import NOW

pytestmark = pytest.mark.django_db


def order(course, amount, currency, paid_at, *, refunded_at=None, purpose="course"):
    return Order.objects.create(
        user=StudentFactory(),
        email="x@example.com",
        course=course if purpose == "course" else None,
        purpose=purpose,
        course_title=course.title,
        amount=Decimal(amount),
        currency=currency,
        status=Order.Status.REFUNDED if refunded_at else Order.Status.PAID,
        paid_at=paid_at,
        refunded_at=refunded_at,
    )


def charts(report):
    return {c.key: c for c in report.charts}


def test_refunds_are_subtracted_and_currencies_kept_apart(admin_user, course, other_course):
    feb = dt.datetime(2031, 2, 10, 12, tzinfo=dt.UTC)
    mar = dt.datetime(2031, 3, 5, 12, tzinfo=dt.UTC)
    order(course, "1000", "RUB", feb)
    order(course, "1000", "RUB", feb, refunded_at=mar)  # paid in Feb, refunded in March
    order(other_course, "500", "RUB", mar)
    order(course, "20", "USD", mar)
    order(course, "1500", "RUB", mar, purpose="booking")
    Order.objects.create(  # never paid: no money
        email="y@example.com", course=course, course_title="x", amount=9, currency="RUB"
    )
    report = school_report(admin_user, now=NOW)
    by = charts(report)
    rub = {s.label: s.values[-2:] for s in by["revenue-RUB"].series}
    assert rub == {
        "Payments received": [Decimal("2000"), Decimal("2000")],
        "Refunds": [0, Decimal("1000")],
        "Net revenue": [Decimal("2000"), Decimal("1000")],
    }
    usd = {s.label: s.values[-1] for s in by["revenue-USD"].series}
    assert usd == {"Payments received": Decimal("20"), "Refunds": 0, "Net revenue": Decimal("20")}
    assert by["revenue-USD"].unit == "$" and by["revenue-RUB"].unit == "₽"
    assert "revenue-EUR" not in by
    by_course = by["revenue-by-course-RUB"]
    assert dict(zip(by_course.labels, by_course.series[0].values, strict=True)) == {
        "Lessons with tutors": Decimal("1500"),
        "Алгебра": Decimal("1000"),  # 2000 paid, 1000 refunded
        "Химия": Decimal("500"),
    }
    figures = {f.key: f.value for f in report.figures}
    assert figures["revenue-month-RUB"] == Decimal("1000")
    assert figures["revenue-month-USD"] == Decimal("20")
