"""Courses and tutors not translated yet: listed in the other language's catalog, tutor list and
home page in their own language, badged, linking to their page; the API stays per language."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from courses.models import CoursePage
from home import page_cache
from tests.factories import translate

from .factories import (
    CategoryFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    TutorIndexPageFactory,
    TutorPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(home_page, en):
    """A Russian catalog with one course translated into English and two that are not."""
    catalog = CourseIndexPageFactory(parent=home_page)
    catalog_en = translate(catalog, en, title="Courses")
    python = CategoryFactory(name="Питон", slug="python")
    python_en = python.copy_for_translation(en)
    python_en.name = "Python"
    python_en.save()
    translated = CoursePageFactory(parent=catalog, title="Питон с нуля", category=python)
    translate(translated, en, title="Python from scratch", category=python_en)
    CoursePageFactory(parent=catalog, title="Питон для анализа", slug="analysis", category=python)
    CoursePageFactory(parent=catalog, title="Архив", status="archived")
    CoursePageFactory(parent=catalog, title="Черновик", live=False)
    return catalog_en


def card_titles(html: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", html)


def test_english_catalog_lists_its_courses_and_the_untranslated_ones_badged(client, bilingual):
    html = client.get("/en/courses/").content.decode()
    assert sorted(card_titles(html)) == ["Python from scratch", "Питон для анализа"]
    assert html.count('class="badge badge-language">In Russian<') == 1
    # The untranslated course links to its own (Russian) page: one URL per course.
    assert 'href="/ru/courses/analysis/"' in html


def test_russian_catalog_is_unchanged_and_has_no_badges(client, bilingual):
    html = client.get("/ru/courses/").content.decode()
    assert sorted(card_titles(html)) == ["Питон для анализа", "Питон с нуля"]
    assert "badge-language" not in html


def test_a_category_filter_and_its_count_include_untranslated_courses(client, bilingual):
    response = client.get("/en/courses/", {"category": "python"})
    assert {c.title for c in response.context["courses"]} == {
        "Python from scratch",
        "Питон для анализа",
    }
    category_choices = response.context["facets"][0][1]
    python = next(choice for choice in category_choices if "Python" in choice.label)
    assert python.count == 2


def test_catalog_queries_do_not_grow_with_untranslated_courses(client, home_page, bilingual):
    client.get("/en/courses/")  # warm the site and locale caches
    page_cache.bump(page_cache.CONTENT_KEY)  # rendered afresh, not the kept catalog part
    with CaptureQueriesContext(connection) as before:
        client.get("/en/courses/")
    catalog = CoursePage.objects.filter(locale=home_page.locale).first().get_parent()
    for n in range(3):
        CoursePageFactory(parent=catalog, title=f"Ещё курс {n}")
    page_cache.bump(page_cache.CONTENT_KEY)  # (the factory publishes without the signal)
    client.get("/en/courses/")  # the new courses' cards rendered and kept (courses.cards)
    page_cache.bump(page_cache.CONTENT_KEY)
    with CaptureQueriesContext(connection) as after:
        response = client.get("/en/courses/")
    assert len(response.context["courses"]) == 5
    assert len(after) == len(before)


@pytest.fixture
def tutors(home_page, en):
    index = TutorIndexPageFactory(parent=home_page)
    index_en = translate(index, en, title="Tutors")
    translated = TutorPageFactory(parent=index, title="Ирина Соколова")
    translate(translated, en, title="Irina Sokolova")
    TutorPageFactory(parent=index, title="Марат Хасанов", slug="marat")
    return index_en


def test_english_tutor_list_shows_untranslated_tutors_in_russian(client, tutors):
    html = client.get("/en/tutors/").content.decode()
    # English first, then the untranslated ones.
    assert card_titles(html) == ["Irina Sokolova", "Марат Хасанов"]
    assert html.count("In Russian") == 1
    assert 'href="/ru/tutors/marat/"' in html


def test_tutor_list_queries_do_not_grow_with_untranslated_tutors(client, home_page, tutors):
    client.get("/en/tutors/")
    with CaptureQueriesContext(connection) as before:
        client.get("/en/tutors/")
    index = tutors.get_translation(home_page.locale)
    for n in range(3):
        TutorPageFactory(parent=index, title=f"Репетитор {n}")
    with CaptureQueriesContext(connection) as after:
        response = client.get("/en/tutors/")
    assert len(response.context["tutors"]) == 5
    assert len(after) == len(before)


def test_english_home_page_features_untranslated_courses_and_tutors(client, bilingual, tutors):
    html = client.get("/en/").content.decode()
    for title in ("Python from scratch", "Питон для анализа", "Irina Sokolova", "Марат Хасанов"):
        assert title in html
    assert "Питон с нуля" not in html  # its English version stands for it


def test_a_tutor_page_lists_their_untranslated_courses(client, home_page, en):
    catalog = CourseIndexPageFactory(parent=home_page)
    index = TutorIndexPageFactory(parent=home_page)
    tutor = TutorPageFactory(parent=index, title="Ольга")
    CoursePageFactory(parent=catalog, title="Вёрстка", teacher=tutor.user, owner=tutor.user)
    tutor_en = translate(tutor, en, title="Olga")
    html = client.get(tutor_en.url).content.decode()
    assert "Вёрстка" in html and "In Russian" in html


def test_the_api_lists_one_language_at_a_time(api_client, bilingual):
    english = api_client.get("/api/courses/", {"locale": "en"}).json()["results"]
    assert [course["title"] for course in english] == ["Python from scratch"]
    russian = api_client.get("/api/courses/", {"locale": "ru"}).json()["results"]
    assert {course["title"] for course in russian} == {"Питон с нуля", "Питон для анализа"}


def test_cards_name_the_teacher_as_their_tutor_page_in_that_language(client, bilingual, en):
    course = CoursePage.objects.get(locale=en)
    home = course.get_parent().get_parent()
    index = TutorIndexPageFactory(parent=home.get_translation(Locale.get_default()))
    tutor = TutorPageFactory(parent=index, title="Ирина Соколова", user=course.teacher)
    translate(tutor, en, title="Irina Sokolova")
    html = client.get("/en/courses/").content.decode()
    assert "Irina Sokolova" in html and "Ирина Соколова" not in html
    assert "Irina Sokolova" in client.get(course.url).content.decode()
    # In Russian the Russian page's spelling; without a tutor page, the account's name.
    assert "Ирина Соколова" in client.get("/ru/courses/").content.decode()
