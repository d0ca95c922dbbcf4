"""The header and footer come from the shared cache (home.fragments): fewer queries once warm,
new content on the next render after a change, nothing of one visitor shown to another."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home import fragments
from home.models import SiteSettings
from home.site_settings import SiteTexts
from tests.factories import StandardPageFactory, StudentFactory, translate

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db

# What the furniture asks when nothing is cached: the site's settings and texts (the footer,
# the <head>'s description), the default site and its settings (the social links), the home
# page in this language, the menu and its view restrictions (public pages only).
FURNITURE_QUERIES = 7
CSRF = re.compile(r'(csrfmiddlewaretoken" value=")[^"]+')


@pytest.fixture
def site(home_page, en):
    """A catalog (in the menu) with a course and a lesson, each translated into English, and a
    page about the school in the menu."""
    catalog = CourseIndexPageFactory(parent=home_page, title="Курсы", show_in_menus=True)
    course = CoursePageFactory(parent=catalog, title="Python", slug="python")
    lesson = LessonPageFactory(parent=course, title="Установка", slug="install")
    about = StandardPageFactory(parent=home_page, title="О школе", slug="about", show_in_menus=True)
    return {
        "home": home_page,
        "catalog": catalog,
        "course": course,
        "lesson": lesson,
        "about": about,
        "catalog-en": translate(catalog, en, title="Courses"),
        "course-en": translate(course, en, title="Python in English"),
        "lesson-en": translate(lesson, en, title="Installing"),
    }


def url_of(site, name: str, language: str) -> str:
    if name == "home":
        return f"/{language}/"
    return site[name if language == "ru" else f"{name}-{language}"].url


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def footer(html: str) -> str:
    return html[html.index("<footer") : html.index("</footer>")]


def menu(html: str) -> list[str]:
    items = re.findall(r'<li><a href="[^"]+"( aria-current="page")?>([^<]+)</a></li>', header(html))
    return [f"{title}*" if current else title for current, title in items]


def switch_link(html: str, code: str) -> str:
    """The href of the header's link to `code`."""
    before = header(html).split(f'hreflang="{code}" lang="{code}"')[0]
    return before.rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


def test_the_next_render_reads_the_furniture_from_the_shared_cache(
    client, site, django_assert_num_queries
):
    url = site["course"].url
    client.get(url)  # the site's root paths, the locale… are read once either way
    fragments.purge()
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url).content.decode()
    with django_assert_num_queries(len(cold) - FURNITURE_QUERIES):
        second = client.get(url).content.decode()
    assert second == first
    # Kept in the shared cache (Redis in production), where every process finds it.
    assert cache.get("furniture:header:testserver:ru:0") is not None
    assert cache.get("furniture:footer:testserver:ru:0") is not None


def test_a_bump_by_another_process_is_seen(client, site):
    url = site["about"].url
    client.get(url)
    # What another process's purge does: the counter in the shared cache moves on.
    cache.incr(fragments.GENERATION_KEY)
    type(site["about"]).objects.filter(pk=site["about"].pk).update(title="О нас")
    assert "О нас" in menu(client.get(url).content.decode())[1]


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("name", ["home", "catalog", "course", "lesson"])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_cached_furniture_is_what_the_templates_render(
    client, site, student, signed_in, name, language
):
    if signed_in:
        client.force_login(student)
    url = url_of(site, name, language)
    fragments.purge()
    missed = client.get(url)
    assert missed.status_code == 200
    hit = client.get(url).content.decode()
    assert CSRF.sub(r"\1", hit) == CSRF.sub(r"\1", missed.content.decode())
    assert 'class="site-header"' in hit and 'class="site-footer"' in hit


def test_the_menu_marks_the_page_it_is_on(client, site):
    assert menu(client.get("/ru/").content.decode()) == ["Курсы", "О школе"]
    assert menu(client.get(site["catalog"].url).content.decode()) == ["Курсы*", "О школе"]
    assert menu(client.get(site["about"].url).content.decode()) == ["Курсы", "О школе*"]
    # Below a menu page nothing is marked (the same entry as the home page's).
    assert menu(client.get(site["course"].url).content.decode()) == ["Курсы", "О школе"]
    assert menu(client.get("/en/").content.decode()) == ["Courses"]
    assert menu(client.get(site["catalog-en"].url).content.decode()) == ["Courses*"]


def test_language_links_stay_those_of_each_page(client, site):
    for name in ("catalog", "course", "lesson"):
        russian, english = site[name].url, site[f"{name}-en"].url
        assert switch_link(client.get(russian).content.decode(), "en") == english
        assert switch_link(client.get(english).content.decode(), "ru") == russian
    untranslated = StandardPageFactory(parent=site["about"], slug="team", title="Команда")
    link = switch_link(client.get(untranslated.url).content.decode(), "en")
    assert link == f"/i18n/switch/?page={untranslated.pk}&language=en"
    # A view: the same address under the other language, its query string kept.
    html = client.get("/ru/search/", {"q": "питон"}).content.decode()
    assert switch_link(html, "en") == "/en/search/?q=%D0%BF%D0%B8%D1%82%D0%BE%D0%BD"


def test_the_search_field_and_sign_in_link_are_each_request_s_own(client, site):
    first = header(client.get("/ru/search/", {"q": "питон"}).content.decode())
    second = header(client.get("/ru/search/", {"q": "java"}).content.decode())
    assert 'value="питон"' in first and 'value="java"' in second
    course = header(client.get(site["course"].url).content.decode())
    lesson = header(client.get(site["lesson"].url).content.decode())
    assert f'?next={site["course"].url}"' in course
    assert f'?next={site["lesson"].url}"' in lesson


def test_one_person_s_header_is_never_shown_to_another(client, site, student):
    url = site["course"].url
    client.force_login(student)
    own = client.get(url).content.decode()
    assert 'data-testid="cabinet-link"' in header(own)
    assert f'data-me="{student.public_id}"' in own
    assert "Мои курсы" in footer(own)
    client.logout()
    anonymous = client.get(url).content.decode()
    assert 'data-testid="sign-in-link"' in header(anonymous)
    assert "cabinet-link" not in anonymous and "Мои курсы" not in footer(anonymous)
    assert str(student.public_id) not in anonymous
    other = StudentFactory(verified=True)
    client.force_login(other)
    theirs = client.get(url).content.decode()
    assert f'data-me="{other.public_id}"' in theirs
    assert str(student.public_id) not in theirs


def test_publish_unpublish_and_rename_show_on_the_next_render(client, site, admin_user):
    url = site["course"].url
    assert menu(client.get(url).content.decode()) == ["Курсы", "О школе"]
    news = StandardPageFactory(
        parent=site["home"], title="Новости", slug="news", show_in_menus=True, live=False
    )
    news.save_revision(user=admin_user).publish()
    assert menu(client.get(url).content.decode()) == ["Курсы", "О школе", "Новости"]
    about = site["about"]
    about.title = "О нас"
    about.save_revision(user=admin_user).publish()
    assert menu(client.get(url).content.decode()) == ["Курсы", "О нас", "Новости"]
    about.unpublish(user=admin_user)
    assert menu(client.get(url).content.decode()) == ["Курсы", "Новости"]
    news.delete()
    assert menu(client.get(url).content.decode()) == ["Курсы"]
    html = client.get(site["catalog"].url).content.decode()
    assert "Новости" not in footer(html)


def test_a_page_made_private_leaves_the_menu(client, site):
    url = site["course"].url
    assert "О школе" in menu(client.get(url).content.decode())
    PageViewRestriction.objects.create(page=site["about"], restriction_type="login")
    assert "О школе" not in menu(client.get(url).content.decode())


def test_settings_and_their_texts_show_on_the_next_render(client, site, en):
    url = site["course"].url
    client.get(url)
    settings = SiteSettings.objects.get()
    settings.telegram_url = "https://t.me/ustat_school"
    settings.save()
    assert "https://t.me/ustat_school" in footer(client.get(url).content.decode())
    SiteTexts.objects.create(settings=settings, locale=en, footer_text="Learn with us.")
    english = client.get(site["course-en"].url).content.decode()
    assert "Learn with us." in footer(english)
    assert '<meta name="description"' in english
