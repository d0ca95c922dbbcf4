"""Issuing: once per completed course, through the Celery task, with a snapshot of the names."""

import pytest
from celery.signals import task_postrun
from django.db import IntegrityError, transaction
from django.test import override_settings

from core.errors import NotAllowed
from learning.certificates import services
from learning.certificates.models import CODE_ALPHABET, CODE_LENGTH, Certificate
from learning.certificates.tasks import issue_certificate
from learning.enrollment.models import Enrollment
from learning.enrollment.services import enrollment_completed

from ..factories import AdminFactory
from .conftest import COURSE, completed_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def task_runs():
    """The certificate task's runs (eager mode runs it in this process, through Celery)."""
    runs = []

    def record(sender=None, retval=None, **kwargs):
        if sender is not None and sender.name == issue_certificate.name:
            runs.append(retval)

    task_postrun.connect(record, weak=False)
    yield runs
    task_postrun.disconnect(record)


def study_every_lesson(client, course, learner, capture):
    """The learner opens and completes every lesson on the site; on-commit callbacks run."""
    client.force_login(learner)
    with capture(execute=True):
        for lesson in course.lessons():
            assert client.post(f"/learn/lessons/{lesson.pk}/complete/").status_code == 302


def test_completing_the_course_issues_exactly_one_certificate_through_the_task(
    client, course, learner, task_runs, django_capture_on_commit_callbacks
):
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.FREE)
    study_every_lesson(client, course, learner, django_capture_on_commit_callbacks)

    certificate = Certificate.objects.get(user=learner, course=course)
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert task_runs == [str(certificate.pk)]
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.enrollment == enrollment
    assert certificate.issued_at == enrollment.completed_at
    assert (certificate.learner_name, certificate.course_title, certificate.teacher_name) == (
        "Анна Кузнецова",
        COURSE,
        "Дмитрий Петров",
    )
    assert len(certificate.code) == CODE_LENGTH
    assert set(certificate.code) <= set(CODE_ALPHABET)


def test_no_certificate_before_the_last_lesson(
    client, course, learner, task_runs, django_capture_on_commit_callbacks
):
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.FREE)
    client.force_login(learner)
    first = course.lessons().first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/learn/lessons/{first.pk}/complete/")
    assert not Certificate.objects.exists()
    assert task_runs == []


def test_a_second_completion_a_repeated_signal_or_a_retried_task_make_no_second_one(
    client, course, learner, task_runs, django_capture_on_commit_callbacks
):
    first = completed_enrollment(learner, course)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_completed.send(sender=Enrollment, enrollment=first)
        enrollment_completed.send(sender=Enrollment, enrollment=first)  # sent twice
    certificate = Certificate.objects.get()
    assert task_runs == [str(certificate.pk)] * 2

    # A retry (or a redelivery after a worker died) finds the one made before.
    assert issue_certificate.delay(first.pk).get() == str(certificate.pk)
    assert services.issue_for_enrollment(first) == certificate

    # Enrolled again later (e.g. after expiry) and completed again: still one certificate.
    Enrollment.objects.filter(pk=first.pk).update(status=Enrollment.Status.EXPIRED)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.FREE)
    study_every_lesson(client, course, learner, django_capture_on_commit_callbacks)
    assert Enrollment.objects.filter(user=learner, status="completed").count() == 1
    assert list(Certificate.objects.all()) == [certificate]
    assert task_runs[-1] == str(certificate.pk)


def test_a_revoked_certificate_is_not_handed_out_again_by_completion(course, learner):
    enrollment = completed_enrollment(learner, course)
    certificate = services.issue_for_enrollment(enrollment)
    services.revoke(certificate, course.teacher, "Списано")
    assert issue_certificate.delay(enrollment.pk).get() == str(certificate.pk)
    assert Certificate.objects.get().status == Certificate.Status.REVOKED


def test_no_certificate_for_an_enrollment_that_is_not_completed(course, learner):
    refunded = Enrollment.objects.create(
        user=learner, course=course, source="free", status=Enrollment.Status.REFUNDED
    )
    assert issue_certificate.delay(refunded.pk).get() is None
    assert issue_certificate.delay(10**9).get() is None  # deleted meanwhile
    with pytest.raises(services.CertificateError):
        services.issue_for_enrollment(refunded)
    assert not Certificate.objects.exists()


def test_one_valid_certificate_per_learner_and_course_is_a_database_rule(certificate):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            user=certificate.user,
            course=certificate.course,
            learner_name="x",
            course_title="y",
        )
    # Revoked ones stay beside a valid one, as history.
    Certificate.objects.create(
        user=certificate.user,
        course=certificate.course,
        status=Certificate.Status.REVOKED,
        learner_name="x",
        course_title="y",
    )
    codes = set(Certificate.objects.values_list("code", flat=True))
    assert len(codes) == 2


def test_renaming_later_does_not_change_an_issued_certificate(client, certificate, course):
    learner = certificate.user
    learner.first_name, learner.last_name = "Мария", "Смирнова"
    learner.save()
    course.title = "Другое название"
    course.save()
    course.teacher.first_name = "Иван"
    course.teacher.save()

    certificate.refresh_from_db()
    assert certificate.learner_name == "Анна Кузнецова"
    assert certificate.course_title == COURSE
    assert certificate.teacher_name == "Дмитрий Петров"
    page = client.get(f"/ru/certificates/verify/{certificate.code}/").content.decode()
    assert "Анна Кузнецова" in page and COURSE in page and "Смирнова" not in page


def test_manual_issue_and_revoke_check_permissions_in_the_service(
    course, learner, other_learner, teacher
):
    with pytest.raises(NotAllowed):
        services.issue_manually(course, learner, by=other_learner)
    with pytest.raises(NotAllowed):
        services.issue_manually(course, learner, by=teacher)  # teaches something else
    certificate, created = services.issue_manually(course, learner, by=course.teacher)
    assert created and certificate.issued_by == course.teacher and certificate.enrollment is None
    assert services.issue_manually(course, learner, by=AdminFactory()) == (certificate, False)

    with pytest.raises(NotAllowed):
        services.revoke(certificate, learner, "сам себе")
    revoked = services.revoke(certificate, course.teacher, "Ошибка в данных")
    assert (revoked.status, revoked.revoked_reason) == ("revoked", "Ошибка в данных")
    assert revoked.revoked_at is not None and revoked.revoked_by == course.teacher

    # A new one may be issued after a revocation; the old one then cannot be restored.
    again, created = services.issue_manually(course, learner, by=course.teacher)
    assert created and again.code != certificate.code
    with pytest.raises(services.CertificateError):
        services.restore(revoked, course.teacher)
    services.revoke(again, course.teacher)
    assert services.restore(revoked, course.teacher).status == Certificate.Status.ISSUED


@override_settings(SITE_URL="https://ustat.example/")
def test_the_verification_url_is_absolute_on_the_site_url(certificate):
    assert certificate.get_verification_url() == (
        f"https://ustat.example/ru/certificates/verify/{certificate.code}/"
    )


def test_without_site_url_the_admin_base_url_is_used(certificate, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example"
    assert certificate.get_verification_url().startswith("https://admin.example/ru/certificates/")


def test_the_task_stores_the_issued_pdf_once_in_the_private_storage(course, learner):
    """The worker keeps the certificate as issued (S3 in production: `make scale-demo`)."""
    import io

    from django.core.files.storage import storages
    from pypdf import PdfReader

    from learning.certificates.archive import archive_name

    enrollment = completed_enrollment(learner, course)
    certificate = Certificate.objects.get(pk=issue_certificate.delay(enrollment.pk).get())
    storage, name = storages["private"], archive_name(certificate)
    assert storage.exists(name)
    with storage.open(name) as stored:
        first = stored.read()
    text = PdfReader(io.BytesIO(first)).pages[0].extract_text()
    assert certificate.display_code in text or certificate.code in text
    assert "Анна Кузнецова" in text

    # A redelivered task leaves the copy (no second file beside it).
    issue_certificate.delay(enrollment.pk).get()
    assert storage.listdir("certificates")[1].count(name.split("/")[1]) == 1
    with storage.open(name) as stored:
        assert stored.read() == first
    storage.delete(name)
