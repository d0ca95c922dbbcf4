"""The analytics API: who reads which report (teachers their own, staff all and the school's,
learners nothing) and the shape of the answer."""

import uuid

import pytest

from ..factories import StudentFactory
from .conftest import enroll

pytestmark = pytest.mark.django_db


def course_url(course):
    return f"/api/analytics/courses/{course.pk}/"


def teacher_url(person):
    return f"/api/analytics/teachers/{person.public_id}/"


SCHOOL = "/api/analytics/school/"


def test_the_teacher_reads_their_course_with_figures_and_charts(api_client, course, teacher):
    enroll(course)
    api_client.force_authenticate(teacher)
    body = api_client.get(course_url(course)).json()
    assert body["course"] == {"id": course.pk, "title": "Алгебра"}
    figures = {f["key"]: f["value"] for f in body["figures"]}
    assert figures["learners"] == 1
    charts = {c["key"]: c for c in body["charts"]}
    assert {"enrollments", "grades", "attendance-groups", "funnel", "homework-waiting"} <= set(
        charts
    )
    assert charts["funnel"]["series"][0]["values"][2] == 1  # enrollments


def test_teacher_a_cannot_read_teacher_bs_course_or_report(
    api_client, teacher, other_teacher, other_course
):
    api_client.force_authenticate(teacher)
    refused = api_client.get(course_url(other_course))
    assert refused.status_code == 403
    assert refused.json()["code"] == "report_not_allowed"
    assert api_client.get(teacher_url(other_teacher)).status_code == 403
    assert api_client.get(teacher_url(teacher)).status_code == 200


def test_learners_read_no_report(api_client, course, teacher):
    learner = enroll(course)
    api_client.force_authenticate(learner)
    assert api_client.get(course_url(course)).status_code == 403
    assert api_client.get(teacher_url(teacher)).status_code == 403
    assert api_client.get(teacher_url(learner)).status_code == 404  # not a teacher
    assert api_client.get(SCHOOL).status_code == 403


def test_teachers_do_not_read_the_school(api_client, teacher):
    api_client.force_authenticate(teacher)
    assert api_client.get(SCHOOL).status_code == 403


def test_signed_out_visitors_are_refused(api_client, course):
    assert api_client.get(course_url(course)).status_code in (401, 403)
    assert api_client.get(SCHOOL).status_code in (401, 403)


def test_staff_read_everything(api_client, admin_user, course, teacher):
    api_client.force_authenticate(admin_user)
    assert api_client.get(course_url(course)).status_code == 200
    body = api_client.get(teacher_url(teacher)).json()
    assert body["teacher"] == str(teacher.public_id)
    assert body["courses"] == [{"id": course.pk, "title": "Алгебра"}]
    school = api_client.get(SCHOOL).json()
    assert {"revenue-RUB", "new-learners", "active-learners", "tutors-load", "zoom-hours"} <= {
        c["key"] for c in school["charts"]
    }


def test_unknown_course_or_teacher_is_404(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    assert api_client.get("/api/analytics/courses/999999/").status_code == 404
    assert api_client.get(f"/api/analytics/teachers/{uuid.uuid4()}/").status_code == 404
    learner = StudentFactory()
    assert api_client.get(teacher_url(learner)).status_code == 404


def test_the_reports_name_learners_at_risk_and_why(api_client, course, teacher):
    import datetime as dt

    from django.utils import timezone

    from learning.schedule.models import Attendance

    from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory

    missing = enroll(course, first_name="Борис")
    group = GroupFactory(course=course, teacher=teacher)
    MembershipFactory(group=group, student=missing)
    held = LiveLessonFactory(
        group=group, start=timezone.now() - dt.timedelta(days=2), status="ended"
    )
    Attendance.objects.create(lesson=held, student=missing, status="absent")
    api_client.force_authenticate(teacher)
    for url in (course_url(course), teacher_url(teacher)):
        (flagged,) = api_client.get(url).json()["at_risk"]
        assert flagged["student"] == str(missing.public_id)
        assert flagged["course"] == {"id": course.pk, "title": "Алгебра"}
        assert [r["code"] for r in flagged["reasons"]] == ["attendance"]
        assert flagged["reasons"][0]["value"] == 0.0
