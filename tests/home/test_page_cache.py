"""Anonymous visitors get cached pages; a publish anywhere shows up at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_second_anonymous_visit_is_served_from_the_cache(client, home_page):
    assert client.get("/ru/")["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ru/")
    assert response["X-Page-Cache"] == "hit" and len(queries) == 0
    assert response["Content-Language"] == "ru"
    assert "Content-Security-Policy" in response


def test_publishing_a_course_refreshes_the_catalog(client, home_page, admin_user):
    catalog = CourseIndexPageFactory(parent=home_page)
    client.get(catalog.url)
    course = CoursePageFactory(parent=catalog, title="Свежий курс", live=False)
    assert "Свежий курс" not in client.get(catalog.url).content.decode()
    course.save_revision(user=admin_user).publish()
    response = client.get(catalog.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Свежий курс" in response.content.decode()


def test_filters_are_cached_per_query_string(client, home_page):
    catalog = CourseIndexPageFactory(parent=home_page)
    CoursePageFactory(parent=catalog, title="Для новичков", level="beginner")
    CoursePageFactory(parent=catalog, title="Для профи", level="advanced")
    client.get(catalog.url, {"level": "beginner"})
    cached = client.get(catalog.url, {"level": "beginner"})
    assert cached["X-Page-Cache"] == "hit"
    other = client.get(catalog.url, {"level": "advanced"}).content.decode()
    assert "Для профи" in other and "Для новичков" not in other


def test_signed_in_people_and_forms_are_never_cached(client, home_page, student):
    client.get("/ru/")
    client.force_login(student)
    response = client.get("/ru/")
    assert "X-Page-Cache" not in response
    assert 'data-testid="cabinet-link"' in response.content.decode()
    client.logout()
    sign_in = client.get("/accounts/login/")
    assert "X-Page-Cache" not in sign_in


def test_course_views_are_counted_on_cached_pages_too(client, home_page):
    from learning.enrollment.models import CourseView

    catalog = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=catalog)
    client.get(course.url)
    assert client.get(course.url, HTTP_REFERER="https://ya.ru/")["X-Page-Cache"] == "hit"
    assert list(CourseView.objects.values_list("source", flat=True).order_by("pk")) == [
        "",
        "ya.ru",
    ]
