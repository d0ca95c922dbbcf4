"""The language switch (to the page's counterpart, or to the nearest translated section with a
notice saying so) and the site's texts by language (the footer)."""

import pytest
from wagtail.models import Site

from home.models import SiteSettings, SiteTexts
from tests.factories import StandardPageFactory, translate

pytestmark = pytest.mark.django_db


def switch_link(html: str, code: str) -> str:
    """The href of the header's link to `code`."""
    before = html.split(f'hreflang="{code}" lang="{code}"')[0]
    return before.rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


def test_switch_goes_to_the_page_s_counterpart(client, home_page, en):
    page = StandardPageFactory(parent=home_page, slug="about")
    translate(page, en, title="About", slug="about-us")
    html = client.get("/ru/about/").content.decode()
    assert switch_link(html, "en") == "/en/about-us/"
    back = client.get("/en/about-us/").content.decode()
    assert switch_link(back, "ru") == "/ru/about/"


def test_without_a_counterpart_it_lands_on_the_nearest_section_and_says_so(client, home_page, en):
    section = StandardPageFactory(parent=home_page, slug="help")
    translate(section, en, title="Help")
    page = StandardPageFactory(parent=section, slug="faq", title="Вопросы")
    html = client.get("/ru/help/faq/").content.decode()
    link = switch_link(html, "en")
    assert link.startswith("/i18n/switch/")
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/en/help/"
    landed = response.content.decode()
    assert "This page has no English version yet." in landed
    assert '<html lang="en">' in landed
    # Once read, the notice is gone.
    assert "no English version" not in client.get("/en/help/").content.decode()
    assert page.pk  # the Russian page itself is untouched


def test_without_any_translated_section_it_lands_on_the_home_page(client, home_page, en):
    StandardPageFactory(parent=home_page, slug="lonely")
    link = switch_link(client.get("/ru/lonely/").content.decode(), "en")
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/en/"
    assert "This page has no English version yet." in response.content.decode()


def test_the_notice_speaks_the_language_it_lands_in(client, home_page, en):
    english_only = StandardPageFactory(parent=en_home(home_page, en), slug="news", title="News")
    link = switch_link(client.get(english_only.url).content.decode(), "ru")
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/ru/"
    assert "пока нет русской версии" in response.content.decode()


def en_home(home_page, en):
    return home_page.get_translation(en)


def test_a_translation_made_since_is_found_without_a_notice(client, home_page, en):
    page = StandardPageFactory(parent=home_page, slug="late")
    link = switch_link(client.get("/ru/late/").content.decode(), "en")
    translate(page, en, title="Late")
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/en/late/"
    assert "no English version" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?page=999999&language=en", "?page=abc&language=en", "?language=en", "?page=1&language=xx"],
)
def test_bad_input_lands_on_a_home_page(client, home_page, en, query):
    response = client.get(f"/i18n/switch/{query}")
    assert response.status_code == 302
    assert response.url in {"/en/", "/ru/"}


def test_a_private_page_is_not_revealed(client, home_page, en):
    from wagtail.models import PageViewRestriction

    section = StandardPageFactory(parent=home_page, slug="staff")
    translate(section, en, title="Staff")
    PageViewRestriction.objects.create(page=section.get_translation(en), restriction_type="login")
    page = StandardPageFactory(parent=section, slug="secret")
    response = client.get(f"/i18n/switch/?page={page.pk}&language=en")
    assert response.url == "/en/"


def test_footer_text_is_in_the_page_s_language(client, home_page, en):
    settings = SiteSettings.for_site(Site.objects.get())
    settings.footer_text = "Ustat — курсы для всех."
    settings.contact_email = "hello@ustat.test"
    settings.save()
    ru = client.get("/ru/").content.decode()
    assert "Ustat — курсы для всех." in ru
    # No English row yet: a neutral English line, never the Russian one.
    english = client.get("/en/").content.decode()
    assert "Ustat — курсы для всех." not in english
    assert "Courses and tutors for everyone who wants to learn." in english
    SiteTexts.objects.create(
        settings=settings, locale=en, footer_text="Ustat: courses for all.", contact_email=""
    )
    settings.save()  # what the admin does: the settings form saves the settings (cache purge)
    english = client.get("/en/").content.decode()
    assert "Ustat: courses for all." in english
    assert "mailto:hello@ustat.test" in english  # the site's address when the row has none


def test_language_links_name_each_language_in_itself(client, home_page, en):
    html = client.get("/ru/").content.decode()
    assert '<span class="visually-hidden"> — English</span>' in html
    assert '<span class="visually-hidden"> — Русский</span>' in html
