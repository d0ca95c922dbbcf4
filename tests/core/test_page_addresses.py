"""core.pages.PageAddresses: a page's address from its url_path alone, the same as Wagtail's
``Page.get_url(request)`` for every shape of page and site."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from core import sites
from core.pages import PageAddresses
from tests.courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from tests.factories import HomePageFactory, StandardPageFactory, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page, en):
    catalog = CourseIndexPageFactory(parent=home_page, slug="courses")
    course = CoursePageFactory(parent=catalog, slug="оптика")  # quoted in the address
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other-home")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    # A slug the editor refuses and the URL pattern too (no address), as an import left it.
    odd = CoursePageFactory(parent=catalog, slug="cpp")
    Page.objects.filter(pk=odd.pk).update(slug="c++", url_path=odd.url_path.replace("cpp", "c++"))
    odd.refresh_from_db()
    return [
        home_page,
        catalog,
        course,
        CoursePageFactory(parent=catalog, slug="algebra-2"),
        odd,
        LessonPageFactory(parent=course, slug="урок-1"),
        translate(course, en, slug="optics"),  # under /en/
        other_home,  # a site's root
        StandardPageFactory(parent=other_home, slug="about"),  # another site's: absolute
        StandardPageFactory(parent=Page.get_first_root_node(), slug="nowhere"),  # no site
    ]


@pytest.mark.parametrize("host", ["localhost", "other.example"])
@pytest.mark.parametrize("directory", [True, False], ids=["site directory", "wagtail"])
def test_every_address_is_wagtails(pages, host, directory):
    request = RequestFactory().get("/api/courses/", HTTP_HOST=host)
    if directory:
        sites.SiteDirectoryMiddleware(lambda r: None)(request)
    addresses = PageAddresses(request)
    found = [addresses.url(page.url_path) for page in pages]
    expected = [Page.objects.get(pk=page.pk).get_url(request=request) for page in pages]
    assert found == expected
    assert expected[2].endswith("/courses/%D0%BE%D0%BF%D1%82%D0%B8%D0%BA%D0%B0/")
    assert expected[4] is None and expected[-1] is None
    assert expected[6].startswith("/en/") or expected[6].startswith("http")
