"""Certificates in the Wagtail admin: listed and filtered, revoked with a reason, re-issued
with a new code and PDF; only staff with the certificates permission; the verification page
shows what happened."""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import Notification
from core.errors import NotAllowed
from learning.certificates import services
from learning.certificates.errors import CertificateError
from learning.certificates.models import Certificate
from learning.certificates.pdf import render
from tests.factories import StudentFactory, UserFactory

from ..courses.factories import CoursePageFactory
from .conftest import completed_enrollment

pytestmark = pytest.mark.django_db

LIST = "/admin/certificates/"


def staff_with(*codenames, is_staff=True):
    user = UserFactory(is_staff=is_staff)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="certificates", codename__in=codenames),
    )
    return user


def revoke_url(certificate) -> str:
    return f"/admin/certificates/{certificate.pk}/revoke/"


def reissue_url(certificate) -> str:
    return f"/admin/certificates/{certificate.pk}/reissue/"


def test_the_list_shows_and_filters_certificates_in_fixed_queries(
    client, admin_user, certificate, course, catalog, django_assert_max_num_queries
):
    other_course = CoursePageFactory(parent=catalog, title="Химия", price=0)
    for _ in range(15):
        services.issue_for_enrollment(completed_enrollment(StudentFactory(), other_course))
    revoked = services.issue_for_enrollment(completed_enrollment(StudentFactory(), course))
    services.revoke(revoked, admin_user, "Списано")
    client.force_login(admin_user)
    with django_assert_max_num_queries(45):
        response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert certificate.display_code in html and revoked.display_code in html
    assert "Химия" in html

    only_revoked = client.get(LIST, {"status": "revoked"}).content.decode()
    assert revoked.display_code in only_revoked and certificate.display_code not in only_revoked
    by_course = client.get(LIST, {"course": other_course.pk}).content.decode()
    assert certificate.display_code not in by_course and "Химия" in by_course
    found = client.get(LIST, {"q": certificate.code}).content.decode()
    assert certificate.display_code in found and revoked.display_code not in found
    # Revoke and re-issue are offered on a valid one.
    inspect = client.get(f"{LIST}inspect/{certificate.pk}/").content.decode()
    assert revoke_url(certificate) in inspect and reissue_url(certificate) in inspect


def test_revoking_needs_a_reason_and_the_verification_page_shows_it(
    client, admin_user, certificate, learner
):
    client.force_login(admin_user)
    assert client.get(revoke_url(certificate)).status_code == 200
    refused = client.post(revoke_url(certificate), {"reason": "  "})
    assert refused.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == "issued"

    response = client.post(revoke_url(certificate), {"reason": "Работа списана"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_by == admin_user
    assert certificate.revoked_reason == "Работа списана"

    client.logout()
    page = client.get(certificate.get_verification_path()).content.decode()
    assert 'data-status="revoked"' in page and "Работа списана" not in page  # reason: private
    client.force_login(learner)
    page = client.get(certificate.get_verification_path()).content.decode()
    assert 'data-status="revoked"' in page and "Работа списана" in page


def test_reissue_makes_a_new_certificate_and_pdf_and_tells_the_learner(
    client, admin_user, certificate, learner, django_capture_on_commit_callbacks, mailoutbox
):
    learner.last_name = "Смирнова"  # married since: the new certificate has the new name
    learner.save()
    client.force_login(admin_user)
    assert client.get(reissue_url(certificate)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reissue_url(certificate))
    new = Certificate.objects.get(user=learner, status="issued")
    assert response.status_code == 302 and str(new.pk) in response.url
    assert new.pk != certificate.pk and new.code != certificate.code
    assert new.learner_name == "Анна Смирнова" and new.issued_by == admin_user
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and new.display_code in certificate.revoked_reason
    pdf = render(new)
    assert pdf.startswith(b"%PDF") and pdf != render(certificate)
    # The old code's page says revoked; the new one's says valid.
    client.logout()
    assert (
        'data-status="revoked"' in client.get(certificate.get_verification_path()).content.decode()
    )
    assert 'data-status="valid"' in client.get(new.get_verification_path()).content.decode()
    # The learner hears of the new certificate, once.
    assert Notification.objects.filter(user=learner, key=f"certificate:{new.pk}").count() == 1
    assert mailoutbox[-1].to == [learner.email]


def test_staff_with_the_permission_may_a_student_or_plain_staff_may_not(
    client, certificate, course
):
    manager = staff_with("view_certificate", "change_certificate")
    viewer = staff_with("view_certificate")
    not_staff = staff_with("view_certificate", "change_certificate", is_staff=False)
    student = StudentFactory()

    client.force_login(viewer)
    assert client.get(LIST).status_code == 200
    assert (
        revoke_url(certificate)
        not in client.get(f"{LIST}inspect/{certificate.pk}/").content.decode()
    )
    # Refused: Wagtail answers an admin user's PermissionDenied with a redirect home.
    refused = client.post(revoke_url(certificate), {"reason": "x"})
    assert refused.status_code == 302 and refused.url == "/admin/"
    assert client.post(reissue_url(certificate)).url == "/admin/"

    client.force_login(student)
    assert client.get(LIST).status_code in (302, 403)
    assert client.post(revoke_url(certificate), {"reason": "x"}).status_code in (302, 403)

    # The services refuse too, whatever door is used.
    for person in (viewer, not_staff, student, course.teacher):
        with pytest.raises(NotAllowed):
            services.revoke_from_admin(certificate, person, "x")
        with pytest.raises(NotAllowed):
            services.reissue(certificate, person)
    certificate.refresh_from_db()
    assert certificate.status == "issued"

    client.force_login(manager)
    assert client.post(revoke_url(certificate), {"reason": "Ошибка в данных"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"


def test_nothing_is_added_or_deleted_in_the_admin(client, admin_user, certificate):
    client.force_login(admin_user)
    assert client.get(f"{LIST}new/").status_code == 404
    assert client.get(f"{LIST}delete/{certificate.pk}/").status_code == 404


def test_a_revoked_reason_cannot_be_empty_in_the_service(admin_user, certificate):
    with pytest.raises(CertificateError):
        services.revoke_from_admin(certificate, admin_user, "")


def test_issuing_tells_the_learner_once(
    course, learner, mailoutbox, django_capture_on_commit_callbacks
):
    enrollment = completed_enrollment(learner, course)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.issue_for_enrollment(enrollment)
        again = services.issue_for_enrollment(enrollment)
    assert first == again
    [notice] = Notification.objects.filter(user=learner, key__startswith="certificate:")
    assert notice.kind == "courses" and first.display_code in notice.body
    assert notice.url == "/ru/cabinet/certificates/"
    assert [mail.to for mail in mailoutbox] == [[learner.email]]


def test_the_certificate_email_follows_the_courses_switch(
    course, learner, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts import services as accounts

    accounts.update_settings(learner, {"email_courses": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_for_enrollment(completed_enrollment(learner, course))
    assert Notification.objects.filter(user=learner).count() == 1
    assert mailoutbox == []
