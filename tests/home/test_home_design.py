"""The home page's banner and sections, and the frame every page shares (header, footer,
messages) as assistive technology meets it."""

import pytest

from ..courses.factories import CategoryFactory, CoursePageFactory
from ..factories import StandardPageFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_banner_offers_search_and_the_catalog_first(client, catalog):
    html = client.get("/ru/").content.decode()
    banner = html.split('class="hero"')[1].split("</section>")[0]
    assert 'action="/ru/search/"' in banner and 'data-testid="hero-search"' in banner
    assert 'name="q"' in banner
    assert f'href="{catalog.url}" data-testid="choose-course"' in banner


def test_categories_link_to_the_filtered_catalog_with_their_counts(client, catalog):
    languages = CategoryFactory(name="Языки", slug="languages", icon="world")
    english = CategoryFactory(name="Английский", slug="english", parent=languages)
    empty = CategoryFactory(name="Химия", slug="chemistry")
    CoursePageFactory(parent=catalog, category=languages)
    CoursePageFactory(parent=catalog, category=english)
    html = client.get("/ru/").content.decode()
    section = html.split('data-testid="home-categories"')[1].split("</ul>")[0]
    assert f'href="{catalog.url}?category=languages"' in section
    assert "Языки" in section and "2 курса" in section  # a sub-category's course counts
    assert "Английский" not in section  # top-level subjects only
    assert empty.name not in section  # nothing to choose there yet


def test_no_catalog_no_catalog_buttons(client, home_page):
    html = client.get("/ru/").content.decode()
    assert 'data-testid="choose-course"' not in html
    assert 'data-testid="hero-search"' in html  # search still works


def test_the_reviews_block_hides_when_there_are_none(client, home_page):
    assert 'data-testid="home-reviews"' not in client.get("/ru/").content.decode()


def test_the_logo_is_named_by_its_visible_text(client, home_page):
    html = client.get("/ru/").content.decode()
    logo = html.split('<a class="logo"')[1].split("</a>")[0]
    assert "aria-label" not in logo and ">Ustat<" in logo


def test_the_language_switch_is_not_a_second_navigation_landmark(client, home_page):
    html = client.get("/ru/").content.decode()
    header = html.split("<header")[1].split("</header>")[0]
    assert header.count("<nav") == 1
    assert 'class="language-switch" role="group"' in header


def test_menu_button_controls_the_menu(client, home_page):
    html = client.get("/ru/").content.decode()
    assert 'aria-controls="site-nav" aria-expanded="false"' in html and 'id="site-nav"' in html


def test_footer_navigation_lists_the_sections_cabinet_and_languages(client, home_page):
    StandardPageFactory(parent=home_page, title="О проекте", show_in_menus=True)
    footer = client.get("/ru/").content.decode().split("<footer")[1]
    assert "О проекте" in footer.split('data-testid="footer-nav"')[1].split("</ul>")[0]
    assert "/accounts/login/" in footer and 'hreflang="en"' in footer
    client.force_login(StudentFactory())
    footer = client.get("/ru/").content.decode().split("<footer")[1]
    assert "/ru/cabinet/" in footer


def test_flash_messages_keep_their_list_semantics(client, catalog):
    course = CoursePageFactory(parent=catalog, price=0)
    client.force_login(StudentFactory())
    html = client.post(f"/learn/courses/{course.pk}/enroll/", follow=True).content.decode()
    assert '<div class="container" role="status">' in html
    assert '<ul class="messages" data-testid="messages">' in html
