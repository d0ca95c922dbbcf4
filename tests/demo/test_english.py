"""The demo in English: every tutor and at least half the courses translated (Wagtail
translations of the Russian pages), and every public page reachable under /en/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CoursePage, LessonPage, TutorPage, TutorVideoPage
from demo.loader import read
from home import page_cache
from home.models import FormPage

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def test_every_tutor_and_at_least_half_the_courses_have_english_versions(demo):
    tutors_ru = TutorPage.objects.filter(locale=demo.ru).live()
    tutors_en = TutorPage.objects.filter(locale=demo.en).live()
    assert tutors_en.count() == tutors_ru.count() == 4
    assert set(tutors_en.values_list("translation_key", flat=True)) == set(
        tutors_ru.values_list("translation_key", flat=True)
    )
    for tutor in tutors_en:
        assert tutor.get_parent().pk == demo.tutor_index_en.pk
        assert tutor.title.isascii() and tutor.headline.isascii()
        assert all(subject.locale_id == demo.en.pk for subject in tutor.subjects.all())
        assert tutor.user_id == tutor.get_translation(demo.ru).user_id
        source = tutor.get_translation(demo.ru)
        videos = TutorVideoPage.objects.child_of(tutor).live()
        assert videos.count() == TutorVideoPage.objects.child_of(source).count() >= 3

    courses_ru = CoursePage.objects.filter(locale=demo.ru).live()
    courses_en = CoursePage.objects.filter(locale=demo.en).live()
    assert courses_en.count() * 2 >= courses_ru.count() == len(demo.courses["courses"])
    for course in courses_en:
        source = course.get_translation(demo.ru)
        lessons = LessonPage.objects.child_of(course).live()
        assert lessons.count() == LessonPage.objects.child_of(source).count()
        assert course.category.locale_id == demo.en.pk
        assert not any("а" <= ch <= "я" for ch in course.title.lower() + course.summary.lower())


def test_english_pages_answer(demo, client):
    for url in ("/en/", "/en/about/", "/en/courses/", "/en/tutors/", "/en/blog/", "/en/feedback/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode()
    tutors = TutorPage.objects.filter(locale=demo.en)
    for page in [*tutors, *CoursePage.objects.filter(locale=demo.en)]:
        assert client.get(page.url).status_code == 200, page.url


def count_queries(client, url):
    client.get(url)  # warm the site and locale caches
    page_cache.purge()  # rendered afresh, not a part kept by the first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_english_catalog_lists_all_courses_badging_the_russian_ones(demo, client):
    response, queries = count_queries(client, "/en/courses/")
    html = response.content.decode()
    total = len(demo.courses["courses"])
    translated = len(demo.courses_en["courses"])
    assert response.context["courses"].paginator.count == total
    assert html.count(">In Russian<") == total - translated
    for spec in demo.courses_en["courses"]:
        assert spec["title"] in html
    assert "Python с нуля" not in html  # its English version stands for it
    # Listing Russian courses too costs no query per course (see tests/courses).
    _russian, russian_queries = count_queries(client, "/ru/courses/")
    assert queries <= russian_queries + 3


def test_english_tutor_list_and_home_show_the_english_tutors(demo, client):
    html = client.get("/en/tutors/").content.decode()
    names = [f"{t['first_name']} {t['last_name']}" for t in demo.tutors_en["tutors"]]
    for name in names:
        assert name in html
    assert "In Russian" not in html
    home = client.get("/en/").content.decode()
    assert sum(name in home for name in names) >= 1


def test_english_feedback_form_has_english_labels_and_the_same_field_names(demo, client):
    page = FormPage.objects.get(locale=demo.en)
    source = page.get_translation(demo.ru)
    assert page.translation_key == source.translation_key
    assert list(page.form_fields.values_list("clean_name", flat=True)) == list(
        source.form_fields.values_list("clean_name", flat=True)
    )
    html = client.get("/en/feedback/").content.decode()
    assert "Feedback" in html and "Becoming a tutor" in html and "Стать репетитором" not in html


def test_footer_and_description_are_english_on_english_pages(demo, client):
    texts = read("site")["texts"]
    english = client.get("/en/").content.decode()
    assert texts["en"]["footer_text"] in english
    assert texts["ru"]["footer_text"] not in english
    assert texts["ru"]["footer_text"] in client.get("/ru/").content.decode()
    blog = client.get("/en/blog/").content.decode()
    assert "<footer" in blog and texts["en"]["footer_text"] in blog


def test_switching_language_on_an_untranslated_course_lands_on_the_english_catalog(demo, client):
    course = CoursePage.objects.get(locale=demo.ru, slug="python-interview")
    response = client.get(f"/i18n/switch/?page={course.pk}&language=en", follow=True)
    assert response.redirect_chain[-1][0] == "/en/courses/"
    assert "This page has no English version yet." in response.content.decode()
    translated = CoursePage.objects.get(locale=demo.ru, slug="git-basics")
    html = client.get(translated.url).content.decode()
    assert 'href="/en/courses/git-basics/" hreflang="en"' in html


def test_the_tutor_lists_language_filter_finds_the_demo_tutors(demo, client):
    """Every demo tutor teaches in Russian, three also in English (tutors.yaml), in both
    translations of their page."""
    english = client.get("/en/tutors/?language=en").content.decode()
    russian = client.get("/ru/tutors/?language=ru").content.decode()
    english_names = {
        t["slug"]: f"{t['first_name']} {t['last_name']}" for t in demo.tutors_en["tutors"]
    }
    for spec in demo.tutors["tutors"]:
        name_en = english_names[spec["slug"]]
        assert (name_en in english) == ("en" in spec["lesson_languages"])
        assert f"{spec['first_name']} {spec['last_name']}" in russian
