"""What search engines and link previews read: the description, canonical and hreflang links,
Open Graph on the site's configured address, the sitemap of every translation, robots.txt."""

import re

import pytest
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Site

from home.models import CustomImage, SiteSettings, SiteTexts
from tests.factories import StandardPageFactory, translate

pytestmark = pytest.mark.django_db

SITE = "https://ustat.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE + "/"


@pytest.fixture
def en():
    return Locale.objects.get_or_create(language_code="en")[0]


def head(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("</head>")[0]


def meta(html: str, attribute: str, name: str) -> str | None:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def links(html: str, rel: str) -> dict[str, str]:
    """hreflang → href of <link rel=alternate>, or {"": href} for the canonical link."""
    if rel == "canonical":
        return dict(re.findall(r'<link rel="canonical"()\s+href="([^"]+)"', html))
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


def test_description_is_the_search_description_else_the_intro(client, home_page):
    StandardPageFactory(parent=home_page, slug="a", search_description="Для поисковиков.")
    StandardPageFactory(parent=home_page, slug="b", introduction="Вступление " + "слово " * 60)
    assert meta(head(client, "/ru/a/"), "name", "description") == "Для поисковиков."
    description = meta(head(client, "/ru/b/"), "name", "description")
    assert description.startswith("Вступление слово") and len(description) <= 160
    assert meta(head(client, "/ru/b/"), "property", "og:description") == description


def test_description_falls_back_on_the_site_description_in_the_language(client, home_page, en):
    page = StandardPageFactory(parent=home_page, slug="c", introduction="")
    translate(page, en, title="C")
    settings = SiteSettings.for_site(Site.objects.get())
    SiteTexts.objects.create(settings=settings, locale=en, description="Courses and tutors.")
    assert meta(head(client, "/en/c/"), "name", "description") == "Courses and tutors."
    # No Russian row: the neutral description, in Russian.
    assert meta(head(client, "/ru/c/"), "name", "description")


def test_canonical_hreflang_and_og_url_use_the_configured_address(client, home_page, en):
    page = StandardPageFactory(parent=home_page, slug="about")
    translate(page, en, title="About")
    html = head(client, "/en/about/")
    assert links(html, "canonical") == {"": f"{SITE}/en/about/"}
    assert links(html, "alternate") == {
        "ru": f"{SITE}/ru/about/",
        "en": f"{SITE}/en/about/",
        "x-default": f"{SITE}/ru/about/",
    }
    assert meta(html, "property", "og:url") == f"{SITE}/en/about/"
    assert "localhost" not in html  # the Wagtail Site's hostname is not the public address


def test_a_page_in_one_language_has_no_hreflang(client, home_page):
    StandardPageFactory(parent=home_page, slug="only-ru")
    html = head(client, "/ru/only-ru/")
    assert links(html, "canonical") == {"": f"{SITE}/ru/only-ru/"}
    assert links(html, "alternate") == {}


def test_without_site_url_the_admin_base_url_is_used(client, home_page, settings):
    settings.SITE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "https://admin.ustat.example"
    StandardPageFactory(parent=home_page, slug="d")
    html = head(client, "/ru/d/")
    assert meta(html, "property", "og:url") == "https://admin.ustat.example/ru/d/"


def test_views_get_a_description_and_a_canonical_too(client, home_page):
    html = head(client, "/ru/search/")
    assert meta(html, "name", "description")
    assert links(html, "canonical") == {"": f"{SITE}/ru/search/"}
    assert links(html, "alternate")["en"] == f"{SITE}/en/search/"


def test_open_graph_image_is_a_1200x630_rendition_of_the_page_image(client, home_page):
    image = CustomImage.objects.create(title="Обложка", file=get_test_image_file(size=(1600, 900)))
    StandardPageFactory(parent=home_page, slug="pic", image=image)
    html = head(client, "/ru/pic/")
    url = meta(html, "property", "og:image")
    assert url.startswith(f"{SITE}/") and "fill-1200x630" in url
    assert meta(html, "property", "og:image:width") == "1200"
    assert meta(html, "property", "og:image:height") == "630"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    StandardPageFactory(parent=home_page, slug="no-pic")
    plain = head(client, "/ru/no-pic/")
    assert meta(plain, "property", "og:image") is None
    assert meta(plain, "name", "twitter:card") == "summary"


def test_course_structured_data_url_is_on_the_configured_address(client, catalog):
    from tests.courses.factories import CoursePageFactory

    course = CoursePageFactory(parent=catalog, slug="python")
    html = client.get(course.url).content.decode()
    assert f'"url": "{SITE}/ru/courses/python/"' in html


def test_sitemap_lists_every_translation_with_its_alternates(client, home_page, en):
    translated = StandardPageFactory(parent=home_page, slug="about")
    translate(translated, en, title="About", slug="about-us")
    StandardPageFactory(parent=home_page, slug="only-ru")
    StandardPageFactory(parent=home_page, slug="draft", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert set(locations) == {
        f"{SITE}/ru/",
        f"{SITE}/en/",
        f"{SITE}/ru/about/",
        f"{SITE}/en/about-us/",
        f"{SITE}/ru/only-ru/",
    }
    english = xml.split(f"<loc>{SITE}/en/about-us/</loc>")[1].split("</url>")[0]
    assert f'hreflang="ru" href="{SITE}/ru/about/"' in english
    assert f'hreflang="en" href="{SITE}/en/about-us/"' in english
    only_ru = xml.split(f"<loc>{SITE}/ru/only-ru/</loc>")[1].split("</url>")[0]
    assert "hreflang" not in only_ru


def test_sitemap_queries_do_not_grow_with_pages(client, home_page, django_assert_max_num_queries):
    for n in range(5):
        StandardPageFactory(parent=home_page, slug=f"p{n}")
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(6):
        client.get("/sitemap.xml")


def test_robots_txt_points_at_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body
    assert "Disallow: /admin/" in body
