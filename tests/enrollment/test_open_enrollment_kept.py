"""open_enrollment kept for the person (core.personal): every change of an enrollment shows at
once, saved or updated, and an access that ends by the clock ends with nothing saved."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import memo
from learning.enrollment.models import Enrollment
from learning.enrollment.permissions import is_enrolled, open_enrollment, open_enrollment_now

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


def asked(person, course):
    memo.forget("enrollment")  # as a new request would
    return open_enrollment(person, course)


def test_the_enrollment_is_kept_until_it_changes(catalog):
    learner = StudentFactory()
    course = CoursePageFactory(parent=catalog)
    assert asked(learner, course) is None
    enrollment = Enrollment.objects.create(user=learner, course=course, source="free")
    assert asked(learner, course).pk == enrollment.pk  # a save bumps the person
    with CaptureQueriesContext(connection) as queries:
        assert asked(learner, course).pk == enrollment.pk
    assert len(queries) == 0
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.REFUNDED)
    assert asked(learner, course) is None and open_enrollment_now(learner, course) is None
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.COMPLETED)
    again = Enrollment.objects.create(user=learner, course=course, source="free")
    assert asked(learner, course).pk == again.pk  # active before completed
    again.delete()
    assert asked(learner, course).pk == enrollment.pk


def test_an_access_ends_by_the_clock(catalog):
    learner = StudentFactory()
    course = CoursePageFactory(parent=catalog)
    Enrollment.objects.create(
        user=learner,
        course=course,
        source="free",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert is_enrolled(learner, course)
    later = timezone.now() + dt.timedelta(hours=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert asked(learner, course) is None
