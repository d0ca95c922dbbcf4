"""The reports cost a fixed number of queries whatever the data's size: more learners,
orders and view rows add none."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.analytics.models import CourseViewDay
from learning.analytics.services import course_report, school_report, teacher_report
from learning.payments.models import Order

from .conftest import NOW, enroll

pytestmark = pytest.mark.django_db


def grow(course, first: int, last: int) -> None:
    for i in range(first, last):
        person = enroll(course, NOW - dt.timedelta(days=20 * i))
        Order.objects.create(
            user=person,
            email=person.email,
            course=course,
            course_title=course.title,
            amount=Decimal(100),
            currency="RUB" if i % 2 else "USD",
            status="paid",
            paid_at=NOW - dt.timedelta(days=20 * i),
        )
        CourseViewDay.objects.create(
            course=course, day=(NOW - dt.timedelta(days=i)).date(), views=i + 1
        )


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_report_queries_do_not_grow_with_the_data(course, teacher, admin_user):
    grow(course, 0, 1)
    small = [
        queries(lambda: course_report(teacher, course, now=NOW)),
        queries(lambda: teacher_report(teacher, teacher, now=NOW)),
        queries(lambda: school_report(admin_user, now=NOW)),
    ]
    grow(course, 1, 7)
    large = [
        queries(lambda: course_report(teacher, course, now=NOW)),
        queries(lambda: teacher_report(teacher, teacher, now=NOW)),
        queries(lambda: school_report(admin_user, now=NOW)),
    ]
    assert large == small
