"""/api/users/certificates/: who sees which, who issues and revokes, the PDF."""

import uuid

import pytest

from learning.certificates import services
from learning.certificates.models import Certificate

from ..courses.factories import CoursePageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .conftest import completed_enrollment

pytestmark = pytest.mark.django_db
URL = "/api/users/certificates/"


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.fixture
def others(catalog, other_learner):
    """Another learner's certificate, for another teacher's course."""
    course = CoursePageFactory(parent=catalog)
    return services.issue_for_enrollment(completed_enrollment(other_learner, course))


def test_learners_list_their_own_staff_all_teachers_their_courses(api_client, certificate, others):
    assert api_client.get(URL).status_code == 401

    api_client.force_authenticate(certificate.user)
    response = api_client.get(URL)
    assert ids(response) == {str(certificate.pk)}
    item = response.json()["results"][0]
    assert item["user"] == str(certificate.user.public_id)
    assert item["learner_name"] == "Анна Кузнецова"
    assert item["code"] == certificate.code and item["status"] == "issued"
    assert item["verification_url"] == certificate.get_verification_url()
    assert item["pdf_url"] == f"http://testserver{URL}{certificate.pk}/pdf/"

    api_client.force_authenticate(certificate.course.teacher)
    assert ids(api_client.get(URL)) == {str(certificate.pk)}

    api_client.force_authenticate(AdminFactory())
    assert ids(api_client.get(URL)) == {str(certificate.pk), str(others.pk)}
    assert ids(api_client.get(URL, {"course": others.course_id})) == {str(others.pk)}
    assert ids(api_client.get(URL, {"status": "revoked"})) == set()


def test_one_certificate_for_those_who_may_see_it(api_client, certificate):
    detail = f"{URL}{certificate.pk}/"
    for person, status in [
        (certificate.user, 200),
        (certificate.course.teacher, 200),
        (AdminFactory(), 200),
        (StudentFactory(), 404),
        (TeacherFactory(), 404),
    ]:
        api_client.force_authenticate(person)
        assert api_client.get(detail).status_code == status
    assert api_client.get(f"{URL}not-a-uuid/").status_code == 404


def test_the_users_routes_still_answer_beside_the_certificates(api_client, learner):
    api_client.force_authenticate(learner)
    response = api_client.get(f"/api/users/{learner.public_id}/")
    assert response.status_code == 200 and response.json()["id"] == str(learner.public_id)


def test_teachers_issue_by_hand_for_their_own_courses_only(
    api_client, course, learner, catalog, teacher
):
    body = {"user": str(learner.public_id), "course": course.pk}

    api_client.force_authenticate(StudentFactory())
    assert api_client.post(URL, body, format="json").status_code == 403
    api_client.force_authenticate(teacher)  # teaches nothing here
    assert api_client.post(URL, body, format="json").status_code == 403
    assert not Certificate.objects.exists()

    api_client.force_authenticate(course.teacher)
    created = api_client.post(URL, body, format="json")
    assert created.status_code == 201, created.content
    certificate = Certificate.objects.get()
    assert created.json()["id"] == str(certificate.pk)
    assert certificate.issued_by == course.teacher and certificate.user == learner
    again = api_client.post(URL, body, format="json")
    assert again.status_code == 200 and again.json()["id"] == str(certificate.pk)
    assert Certificate.objects.count() == 1

    for wrong in (str(uuid.uuid4()), "not-a-uuid"):
        unknown = api_client.post(URL, {"user": wrong, "course": course.pk}, format="json")
        assert unknown.status_code == 400 and "user" in unknown.json()

    api_client.force_authenticate(AdminFactory())
    own_course = CoursePageFactory(parent=catalog)
    body = {"user": str(learner.public_id), "course": own_course.pk}
    assert api_client.post(URL, body, format="json").status_code == 201


def test_revoking_through_the_api_flips_the_verification_page(api_client, client, certificate):
    page = f"/ru/certificates/verify/{certificate.code}/"
    detail = f"{URL}{certificate.pk}/"
    assert 'data-status="valid"' in client.get(page).content.decode()

    api_client.force_authenticate(certificate.user)  # the learner may not revoke their own
    assert api_client.put(detail, {"status": "revoked"}, format="json").status_code == 403

    api_client.force_authenticate(certificate.course.teacher)
    response = api_client.put(detail, {"status": "revoked", "reason": "Плагиат"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked" and response.json()["revoked_reason"] == "Плагиат"
    assert 'data-status="revoked"' in client.get(page).content.decode()

    assert api_client.put(detail, {"status": "issued"}, format="json").status_code == 200
    assert 'data-status="valid"' in client.get(page).content.decode()
    assert api_client.put(detail, {"status": "lost"}, format="json").status_code == 400


def test_delete_revokes_and_keeps_the_record(api_client, client, certificate):
    detail = f"{URL}{certificate.pk}/"
    api_client.force_authenticate(certificate.user)
    assert api_client.delete(detail).status_code == 403
    api_client.force_authenticate(StudentFactory())
    assert api_client.delete(detail).status_code == 404

    api_client.force_authenticate(AdminFactory())
    assert api_client.delete(detail).status_code == 204
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert (
        'data-status="revoked"'
        in client.get(f"/ru/certificates/verify/{certificate.code}/").content.decode()
    )


def test_restoring_conflicts_with_a_newer_valid_certificate(api_client, certificate):
    teacher = certificate.course.teacher
    services.revoke(certificate, teacher)
    services.issue_manually(certificate.course, certificate.user, by=teacher)
    api_client.force_authenticate(teacher)
    response = api_client.put(f"{URL}{certificate.pk}/", {"status": "issued"}, format="json")
    assert response.status_code == 409


def test_the_pdf_over_the_api(api_client, certificate):
    url = f"{URL}{certificate.pk}/pdf/"
    api_client.force_authenticate(certificate.user)
    response = api_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert api_client.get(url, HTTP_ACCEPT="application/pdf").status_code == 200
    api_client.force_authenticate(StudentFactory())
    assert api_client.get(url).status_code == 404
