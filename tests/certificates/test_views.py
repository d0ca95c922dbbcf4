"""The cabinet's certificates, PDF download rights and the public verification page."""

import uuid

import pytest

from learning.certificates import services

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .conftest import COURSE, completed_enrollment

pytestmark = pytest.mark.django_db


def verify_url(code: str, language: str = "ru") -> str:
    return f"/{language}/certificates/verify/{code}/"


# --- Download ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("other_learner", 404),
        ("teacher_of_the_course", 200),
        ("another_teacher", 404),
        ("staff", 200),
    ],
)
def test_pdf_download_rights(client, certificate, who, status):
    people = {
        "owner": certificate.user,
        "other_learner": StudentFactory(),
        "teacher_of_the_course": certificate.course.teacher,
        "another_teacher": TeacherFactory(),
        "staff": AdminFactory(),
    }
    client.force_login(people[who])
    response = client.get(f"/ru/cabinet/certificates/{certificate.pk}/pdf/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert f"ustat-certificate-{certificate.code}.pdf" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]


def test_pdf_download_needs_sign_in_and_an_existing_certificate(client, certificate):
    response = client.get(f"/ru/cabinet/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(certificate.user)
    assert client.get(f"/ru/cabinet/certificates/{uuid.uuid4()}/pdf/").status_code == 404
    download = client.get(f"/ru/cabinet/certificates/{certificate.pk}/pdf/?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


# --- The cabinet's list -------------------------------------------------------------------------


def test_my_certificates_lists_only_ones_own(client, certificate, course, other_learner):
    others = services.issue_for_enrollment(completed_enrollment(other_learner, course))
    client.force_login(certificate.user)
    response = client.get("/ru/cabinet/certificates/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="certificate"') == 1
    assert COURSE in html and certificate.display_code in html
    assert f"/ru/cabinet/certificates/{certificate.pk}/pdf/" in html
    assert verify_url(certificate.code) in html
    assert others.display_code not in html and str(others.pk) not in html


def test_my_certificates_shows_revoked_ones_without_a_download(client, certificate):
    services.revoke(certificate, certificate.course.teacher, "Нарушение правил")
    client.force_login(certificate.user)
    html = client.get("/ru/cabinet/certificates/").content.decode()
    assert "is-revoked" in html and "Нарушение правил" in html
    assert f"/cabinet/certificates/{certificate.pk}/pdf/" not in html


def test_my_certificates_empty_state_says_what_to_do(client, learner):
    client.force_login(learner)
    response = client.get("/ru/cabinet/certificates/")
    html = response.content.decode()
    assert 'data-testid="certificate"' not in html
    assert 'class="empty-state"' in html
    assert 'href="/ru/cabinet/courses/"' in html  # the way to the courses that earn one


def test_my_certificates_in_a_fixed_number_of_queries(client, catalog, learner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..courses.factories import CoursePageFactory

    def issue(count: int) -> None:
        for _i in range(count):
            course = CoursePageFactory(parent=catalog)
            services.issue_for_enrollment(completed_enrollment(learner, course))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/ru/cabinet/certificates/")
        assert response.status_code == 200
        return len(captured)

    client.force_login(learner)
    issue(2)
    client.get("/ru/cabinet/certificates/")  # site settings are made on the first visit
    few = queries()
    issue(10)
    client.get("/ru/cabinet/certificates/")  # what is kept about the person, again
    assert queries() == few
    html = client.get("/ru/cabinet/certificates/").content.decode()
    assert html.count('data-testid="certificate"') == 12
    assert client.get("/ru/cabinet/certificates/?page=abc").status_code == 200


def test_my_certificates_needs_sign_in(client):
    response = client.get("/ru/cabinet/certificates/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- Public verification ------------------------------------------------------------------------


def test_a_valid_certificate_is_confirmed_to_anyone(client, certificate):
    response = client.get(verify_url(certificate.code))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert "Анна Кузнецова" in html and COURSE in html and "Дмитрий Петров" in html
    assert certificate.display_code in html
    assert '<meta name="robots" content="noindex">' in html
    # Strangers are not offered the PDF.
    assert f"/cabinet/certificates/{certificate.pk}/pdf/" not in html


def test_a_revoked_certificate_says_it_is_revoked(client, certificate):
    services.revoke(certificate, certificate.course.teacher, "Списано у соседа")
    response = client.get(verify_url(certificate.code))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="revoked"' in html and 'data-status="valid"' not in html
    assert "Списано у соседа" not in html  # the reason is for the learner and staff only
    client.force_login(certificate.user)
    assert "Списано у соседа" in client.get(verify_url(certificate.code)).content.decode()


def test_an_unknown_code_says_so_with_a_404(client, certificate):
    response = client.get(verify_url("ZZZZZZZZZZZZ"))
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-status="unknown"' in html and "ZZZZZZZZZZZZ" in html
    assert "Анна Кузнецова" not in html


def test_revoking_shows_at_once_even_with_the_page_cache_on(client, certificate, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert 'data-status="valid"' in client.get(verify_url(certificate.code)).content.decode()
    services.revoke(certificate, certificate.course.teacher)
    response = client.get(verify_url(certificate.code))
    assert 'data-status="revoked"' in response.content.decode()
    assert "X-Page-Cache" not in response


def test_the_form_leads_to_the_codes_page_whatever_way_it_is_typed(client, certificate):
    form = client.get("/ru/certificates/verify/")
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    typed = certificate.display_code.lower()  # "abcd-efgh-jkmn"
    response = client.get("/ru/certificates/verify/", {"code": f"  {typed} "})
    assert response.status_code == 302 and response.url == verify_url(certificate.code)
    assert client.get(verify_url(typed)).url == verify_url(certificate.code)
    empty = client.get("/ru/certificates/verify/", {"code": " "})
    assert empty.status_code == 200 and 'role="alert"' in empty.content.decode()
