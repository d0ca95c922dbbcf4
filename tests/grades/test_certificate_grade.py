"""The final grade on the certificate: stored when it is issued (learning.certificates'
``final_grade`` registry, filled by grades), printed in the PDF and on the verification page,
and not changed by later grading."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.certificates import services as certificates
from learning.enrollment import services as enrollment
from learning.enrollment.models import Enrollment
from learning.grades import services
from learning.homework.models import Homework

from ..certificates.test_pdf import pdf_text
from .conftest import enroll, homework, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = ""


@pytest.fixture
def completed(course, lesson, django_capture_on_commit_callbacks):
    """A learner who completed the course with 87.5 % (a "5"): the certificate follows."""
    person = enroll(course, first_name="Анна", last_name="Кузнецова")
    due = timezone.now() - dt.timedelta(days=1)
    submit(person, homework(lesson, Homework.Kind.CONTROL_POINT, due_at=due), "87.5")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment.complete_lesson(person, lesson)
    row = Enrollment.objects.get(user=person, course=course)
    assert row.status == Enrollment.Status.COMPLETED
    return person, certificates.issue_for_enrollment(row)


def test_the_certificate_keeps_the_grade_it_was_issued_with(completed, course, teacher):
    person, certificate = completed
    assert (certificate.final_grade, certificate.final_mark) == (Decimal("87.50"), 5)
    services.override(teacher, course, person.pk, "final", Decimal(40), "Пересмотрено")
    certificate.refresh_from_db()
    assert (certificate.final_grade, certificate.final_mark) == (Decimal("87.50"), 5)


def test_the_pdf_prints_the_final_grade(client, completed):
    person, certificate = completed
    client.force_login(person)
    text = pdf_text(client.get(f"/ru/cabinet/certificates/{certificate.pk}/pdf/").content)
    assert "Итоговая оценка: 87,50 % — 5 (отлично)" in text
    english = pdf_text(client.get(f"/en/cabinet/certificates/{certificate.pk}/pdf/").content)
    assert "Final grade: 87.50 % — 5 (excellent)" in english


def test_the_verification_page_shows_the_final_grade(client, completed):
    _person, certificate = completed
    html = client.get(f"/ru/certificates/verify/{certificate.code}/").content.decode()
    assert "Итоговая оценка" in html
    assert '<dd data-testid="certificate-grade">87,50 % · отметка 5</dd>' in html


def test_a_course_without_graded_work_gives_a_certificate_without_a_grade(
    client, course, lesson, django_capture_on_commit_callbacks
):
    person = enroll(course)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment.complete_lesson(person, lesson)
    certificate = certificates.issue_for_enrollment(Enrollment.objects.get(user=person))
    assert certificate.final_grade is None and certificate.final_mark is None
    client.force_login(person)
    assert "Итоговая оценка" not in pdf_text(
        client.get(f"/ru/cabinet/certificates/{certificate.pk}/pdf/").content
    )
    html = client.get(f"/ru/certificates/verify/{certificate.code}/").content.decode()
    assert 'data-testid="certificate-grade"' not in html


def test_a_reissued_certificate_keeps_the_grade(completed, course, teacher, admin_user):
    person, certificate = completed
    services.override(teacher, course, person.pk, "final", Decimal(60), "Пересмотрено")
    new = certificates.reissue(certificate, admin_user)
    assert (new.final_grade, new.final_mark) == (Decimal("87.50"), 5)
