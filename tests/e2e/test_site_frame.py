"""The site frame with a keyboard and on a phone: the menu button, the folded catalog
filters, and a header that stays one row on a desktop."""

import pytest

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory
from ..factories import HomePageFactory, StandardPageFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site():
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-frame")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    catalog = CourseIndexPageFactory(parent=home, show_in_menus=True)
    for title in ("О проекте", "Репетиторы", "Обратная связь", "Блог"):
        StandardPageFactory(parent=home, title=title, show_in_menus=True)
    CoursePageFactory(parent=catalog, title="Астрономия для всех", price=0)
    return {"catalog": catalog}


def test_the_menu_button_works_from_the_keyboard_on_a_phone(page, live_server, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/ru/")
    toggle = page.locator("[data-menu-toggle]")
    menu = page.locator("#site-nav")
    assert toggle.is_visible() and not menu.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    assert page.evaluate("document.activeElement.closest('#site-nav') !== null")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-menu-toggle')")
    assert page.js_errors == [] and page.csp_violations == []


@pytest.mark.parametrize("width", [1024, 1366, 1920])
def test_the_desktop_header_is_one_row(page, live_server, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/ru/")
    assert not page.locator("[data-menu-toggle]").is_visible()
    logo = page.locator(".logo").bounding_box()
    last = page.locator(".header-row > .account-links").bounding_box()
    first_item = page.locator(".menu a").first.bounding_box()
    # The menu and the account button sit on the logo's row, and nothing overlaps.
    assert abs(first_item["y"] - logo["y"]) < 20 and abs(last["y"] - logo["y"]) < 20
    tools = page.locator(".nav-tools").bounding_box()
    assert tools["x"] + tools["width"] <= last["x"]
    assert page.locator(".site-header").bounding_box()["height"] < 80


@pytest.mark.parametrize("width", [1024, 1280])
def test_more_menu_pages_wrap_instead_of_running_under_the_controls(page, live_server, site, width):
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    for title in ("Материалы участников", "Вопросы и ответы", "Контакты"):
        StandardPageFactory(parent=home, title=title, show_in_menus=True)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/ru/")
    menu = page.locator(".menu").bounding_box()
    tools = page.locator(".nav-tools").bounding_box()
    account = page.locator(".header-row > .account-links").bounding_box()
    assert menu["x"] + menu["width"] <= tools["x"]
    assert tools["x"] + tools["width"] <= account["x"]
    # The language switch stays clickable (nothing lies over it).
    page.get_by_role("banner").get_by_role("link", name="EN").click()
    page.wait_for_url("**/en/")


def test_catalog_filters_fold_on_a_phone_and_stay_open_on_a_desktop(page, live_server, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + site["catalog"].url)
    body = page.locator(".filters-body")
    assert not body.is_visible()
    card = page.get_by_role("link", name=r"Астрономия для всех")
    assert card.bounding_box()["y"] < 844  # the first course is on the first screen
    page.locator(".filters-toggle summary").focus()
    page.keyboard.press("Enter")
    assert body.is_visible()
    page.set_viewport_size({"width": 1366, "height": 800})
    page.reload()
    assert body.is_visible() and not page.locator(".filters-toggle summary").is_visible()
