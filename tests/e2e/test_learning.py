"""A student takes a free course to the end and downloads the certificate; a paid course
offers "Buy" and keeps its lessons locked."""

import re

import pytest

from learning.certificates.models import Certificate

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from ..factories import HomePageFactory, StudentFactory
from .test_course_publishing import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def courses(settings):
    from wagtail.models import Locale, Page, Site

    settings.STRIPE_SECRET_KEY = "sk_test_e2e"  # the Buy button shows; nothing is charged here
    settings.STRIPE_WEBHOOK_SECRET = "whsec_e2e"
    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-learning")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    catalog = CourseIndexPageFactory(parent=home)
    free = CoursePageFactory(parent=catalog, title="Астрономия для всех", price=0)
    for title in ("Звёзды", "Планеты"):
        LessonPageFactory(parent=free, title=title)
    paid = CoursePageFactory(parent=catalog, title="Астрофизика", price=2990)
    LessonPageFactory(parent=paid, title="Чёрные дыры")
    student = StudentFactory(first_name="Анна", last_name="Петрова", verified=True)
    return {"free": free, "paid": paid, "student": student}


def test_free_course_to_certificate_and_a_locked_paid_course(page, live_server, courses):
    sign_in(page, live_server, courses["student"])
    page.goto(courses["free"].url)
    page.get_by_role("button", name="Записаться бесплатно").click()
    page.wait_for_url(re.compile("/ru/"))
    for _ in range(2):
        with page.expect_navigation():
            page.get_by_role("button", name="Отметить как пройденный").click()

    page.goto("/ru/cabinet/courses/")
    card = page.get_by_test_id("enrolled-course").filter(has_text="Астрономия для всех")
    assert "100%" in card.inner_text()

    certificate = Certificate.objects.get(user=courses["student"])
    page.goto("/ru/cabinet/certificates/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert certificate.status == "issued"

    page.goto(courses["paid"].url)
    assert page.get_by_test_id("buy").is_visible()
    page.get_by_role("link", name="Чёрные дыры").click()
    assert page.get_by_test_id("lesson-gate").is_visible()
    assert page.csp_violations == [] and page.js_errors == []
