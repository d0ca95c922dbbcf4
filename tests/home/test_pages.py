"""Home and standard pages: tree rules, rendering, the header, health."""

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home import fragments
from home.models import FormPage, HomePage, StandardPage
from tests.factories import AdminFactory, HomePageFactory, StandardPageFactory


class PageTreeTests(WagtailPageTestCase):
    def login(self):
        # client.login() has no request, which django-axes' backend requires.
        user = AdminFactory()
        self.client.force_login(user)
        return user

    def setUp(self):
        self.root = Page.get_first_root_node()
        self.home = HomePageFactory(parent=self.root, slug="home-test")
        Site.objects.update(root_page=self.home)
        self.page = StandardPageFactory(parent=self.home, title="О проекте", slug="about")

    def test_home_page_sits_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)

    def test_home_page_takes_standard_and_index_pages(self):
        from courses.models import CourseIndexPage, TutorIndexPage

        allowed = set(HomePage.allowed_subpage_models())
        assert {StandardPage, CourseIndexPage, TutorIndexPage} <= allowed
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_pages_nest(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, FormPage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_both_render(self):
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRenderable(self.page)

    def test_both_are_editable_in_the_admin(self):
        self.login()
        self.assertPageIsEditable(
            self.home,
            nested_form_data(
                {
                    "title": "Главная",
                    "slug": "home-test",
                    "hero_title": "Новый заголовок",
                    "body": streamfield(
                        [("quote", {"text": "Учиться интересно", "attribution": ""})]
                    ),
                }
            ),
        )
        self.assertPageIsEditable(
            self.page,
            nested_form_data({"title": "О нас", "slug": "about", "body": streamfield([])}),
        )

    def test_standard_page_can_be_created_through_the_editor(self):
        self.login()
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Контакты",
                    "slug": "contacts",
                    "introduction": "Пишите нам",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Почта: hello@ustat.test</p>"))]
                    ),
                }
            ),
        )


@pytest.mark.django_db
class TestRendering:
    def test_home_page_shows_hero_header_and_footer(self, client, home_page):
        response = client.get("/ru/")
        html = response.content.decode()
        assert response.status_code == 200
        assert home_page.hero_title in html
        assert 'role="search"' in html
        # The language switch: no English home in this test, so through the switch view.
        assert 'href="/i18n/switch/?page=' in html and 'hreflang="en"' in html
        assert "/accounts/login/" in html  # sign-in link for visitors
        assert "cdn" not in html.lower()

    def test_signed_in_visitor_sees_the_cabinet_link(self, client, home_page, student):
        client.force_login(student)
        html = client.get("/ru/").content.decode()
        assert 'data-testid="cabinet-link"' in html
        assert 'data-testid="sign-in-link"' not in html

    def test_menu_lists_live_pages_marked_for_menus(self, client, home_page):
        StandardPageFactory(parent=home_page, title="В меню", show_in_menus=True)
        StandardPageFactory(parent=home_page, title="Не в меню", show_in_menus=False)
        html = client.get("/ru/").content.decode()
        assert "В меню" in html
        assert "Не в меню" not in html

    def test_page_is_in_russian_by_default_and_english_under_en(self, client, home_page):
        ru = client.get("/ru/").content.decode()
        en = client.get("/en/").content.decode()
        assert '<html lang="ru">' in ru and "Войти" in ru
        assert '<html lang="en">' in en and "Sign in" in en

    def test_sign_in_speaks_the_language_of_the_last_page_read(self, client, home_page):
        client.get("/en/")
        english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru")
        assert "I am a student" in english.content.decode()
        response = client.get("/ru/")
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
        russian = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
        assert "Я ученик" in russian.content.decode()
        # Unchanged language: no Set-Cookie, so a cache may keep the page.
        assert settings.LANGUAGE_COOKIE_NAME not in client.get("/ru/").cookies

    def test_root_redirects_to_the_russian_site(self, client, home_page):
        assert client.get("/").url == "/ru/"

    def test_home_page_query_count_does_not_grow_with_menu_items(
        self, client, home_page, django_assert_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        StandardPageFactory(parent=home_page, title="Раздел", show_in_menus=True)
        client.get("/ru/")  # warm the site-root cache and the furniture
        with CaptureQueriesContext(connection) as baseline:
            client.get("/ru/")
        expected = len(baseline)  # before the next request empties the connection's log
        for i in range(15):
            StandardPageFactory(parent=home_page, title=f"Раздел {i}", show_in_menus=True)
        # The factory makes live pages without a publish, the signal that empties the cached
        # menu (home.fragments); the cold render then costs the baseline's cold one.
        fragments.purge()
        client.get("/ru/")
        with django_assert_num_queries(expected):
            html = client.get("/ru/").content.decode()
        assert "Раздел 14" in html

    def test_unknown_page_is_a_404_page(self, client, home_page):
        response = client.get("/ru/no-such-page/")
        assert response.status_code == 404


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["*"])
def test_search_page_finds_pages_and_survives_a_bad_page_number(client, home_page):
    StandardPageFactory(parent=home_page, title="Математика для всех")
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    response = client.get("/ru/search/", {"q": "Математика", "page": "abc"})
    assert response.status_code == 200
    assert "Математика для всех" in response.content.decode()
    empty = client.get("/ru/search/", {"q": "Квантовая хромодинамика"})
    assert "Nothing found" in empty.content.decode() or "ничего" in empty.content.decode().lower()
