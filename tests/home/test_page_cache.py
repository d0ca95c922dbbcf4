"""Anonymous visitors get cached pages; a publish anywhere shows up at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import page_cache, page_warming
from home.tasks import warm_pages

from ..courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    TutorPageFactory,
)
from ..factories import StandardPageFactory, translate

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


# A publish empties only the entries that show the page (home.page_cache).


def cached(client, url: str) -> bool:
    return client.get(url)["X-Page-Cache"] == "hit"


@pytest.fixture
def tree(home_page, tutor_index):
    catalog = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=catalog, title="Первый курс")
    pages = {
        "home": home_page,
        "catalog": catalog,
        "course": course,
        "lesson": LessonPageFactory(parent=course, title="Урок курса"),
        "sibling": CoursePageFactory(parent=catalog, title="Второй курс"),
        "tutor": TutorPageFactory(parent=tutor_index, user=course.teacher),
        "other tutor": TutorPageFactory(parent=tutor_index),
        "about": StandardPageFactory(parent=home_page, title="О проекте"),
    }
    return pages


def warm_up(client, pages) -> None:
    for page in pages.values():
        client.get(page.url)
    assert all(cached(client, page.url) for page in pages.values())


def test_a_publish_empties_the_page_its_listings_and_its_tutor_page_only(client, tree, admin_user):
    warm_up(client, tree)
    course = tree["course"]
    course.title = "Первый курс, второе издание"
    course.save_revision(user=admin_user).publish()
    for name in ("course", "catalog", "home", "tutor"):
        assert not cached(client, tree[name].url), name
    assert "второе издание" in client.get(tree["catalog"].url).content.decode()
    for name in ("lesson", "sibling", "other tutor", "about"):
        assert cached(client, tree[name].url), name


def test_unpublishing_a_course_empties_its_lessons_too(client, tree, admin_user):
    warm_up(client, tree)
    tree["course"].unpublish(user=admin_user)
    assert not cached(client, tree["lesson"].url)
    assert cached(client, tree["sibling"].url)


def test_deleting_a_lesson_empties_its_course(client, tree):
    warm_up(client, tree)
    url = tree["lesson"].url
    tree["lesson"].delete()
    assert client.get(url).status_code == 404
    assert not cached(client, tree["course"].url)
    assert cached(client, tree["sibling"].url)


def test_a_new_translation_empties_the_original_for_its_language_link(client, tree, en):
    warm_up(client, tree)
    english = translate(tree["course"], en, title="First course")
    assert english.live
    assert not cached(client, tree["course"].url)
    assert cached(client, tree["sibling"].url)


def test_a_menu_section_or_a_moved_page_empties_everything(client, tree, admin_user):
    warm_up(client, tree)
    about = tree["about"]
    about.show_in_menus = True
    about.save_revision(user=admin_user).publish()  # now in every page's header
    assert not any(cached(client, page.url) for page in tree.values())
    warm_up(client, tree)
    tree["sibling"].move(tree["home"], pos="last-child")
    assert not cached(client, tree["lesson"].url)


def test_other_views_are_emptied_by_any_publish(client, tree, admin_user):
    from accounts.models import ProfileSettings

    teacher = tree["course"].teacher
    ProfileSettings.objects.update_or_create(
        user=teacher, defaults={"profile_visibility": "public"}
    )
    feed = f"/ru/members/{teacher.pk}/"  # a member's profile lists their courses
    assert client.get(feed).status_code == 200
    assert cached(client, feed)
    tree["lesson"].save_revision(user=admin_user).publish()
    assert not cached(client, feed)


def test_a_worker_renders_home_and_its_sections_again(client, tree, settings):
    client.defaults["HTTP_HOST"] = "localhost"  # the site's host, which the worker asks as
    tree["about"].show_in_menus = True
    tree["about"].save()
    page_cache.purge()
    assert page_warming.warm() == 2  # home and its one menu section (no /en/ home here)
    with CaptureQueriesContext(connection) as queries:
        assert cached(client, tree["home"].url) and cached(client, tree["about"].url)
    assert len(queries) == 0


def test_a_publish_asks_a_worker_to_warm_the_cache(
    tree, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks() as callbacks:
        tree["course"].save_revision(user=admin_user).publish()
    assert warm_pages.delay in callbacks
