"""Parts of pages kept under the content generation (home.parts): the catalog's filters and
results, search results, a page's head and language links."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import translate

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def main(response) -> str:
    """The page's <main>: the header around it holds per-request links (sign-in's ?next=)."""
    html = response.content.decode()
    return re.search(r"<main.*</main>", html, re.S).group(0)


def count_queries(client, url, **params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def test_the_catalog_part_is_built_once_for_everyone(client, catalog):
    for n in range(3):
        CoursePageFactory(parent=catalog, title=f"Курс {n}")
    first_count, first = count_queries(client, catalog.url)
    assert "courses" in first.context  # built: the results were queried
    again_count, again = count_queries(client, catalog.url)
    assert "courses" not in again.context  # kept: nothing of it was queried
    assert main(again) == main(first)
    assert again_count < first_count
    # A signed-in learner reads the same part.
    client.force_login(StudentFactory())
    _count, learner = count_queries(client, catalog.url)
    assert "courses" not in learner.context
    assert "Курс 2" in main(learner)


def test_a_publish_shows_in_the_catalog_at_once(client, catalog, admin_user):
    CoursePageFactory(parent=catalog, title="Старый курс")
    client.get(catalog.url)
    CoursePageFactory(parent=catalog, title="Новый курс", live=False).save_revision(
        user=admin_user
    ).publish()
    assert "Новый курс" in client.get(catalog.url).content.decode()


def test_each_address_has_its_own_part(client, catalog):
    CoursePageFactory(parent=catalog, title="Бесплатный", price=0)
    CoursePageFactory(parent=catalog, title="Платный", price=900)
    client.get(catalog.url)
    paid = main(client.get(catalog.url, {"free": "false"}))
    assert "Платный" in paid and "Бесплатный</h3>" not in paid


def test_a_form_with_errors_is_answered_but_not_kept(client, catalog):
    CoursePageFactory(parent=catalog, title="Курс")
    client.get(catalog.url, {"price_min": "много"})
    response = client.get(catalog.url, {"price_min": "много"})
    assert "form" in response.context and response.context["form"].errors


def test_search_results_are_kept_for_visitors_and_learners(client, catalog):
    CoursePageFactory(parent=catalog, title="Гитара с нуля")
    client.get("/ru/search/", {"q": "гитара"})
    response = client.get("/ru/search/", {"q": "гитара"})
    assert "groups" not in response.context  # nothing was searched again
    assert "Гитара с нуля" in main(response)
    client.force_login(StudentFactory())
    response = client.get("/ru/search/", {"q": "гитара"})
    assert "groups" not in response.context


def test_a_teachers_search_is_their_own(client, catalog):
    """A teacher finds their own lessons' text: never another person's kept results."""
    teacher = TeacherFactory()
    course = CoursePageFactory(parent=catalog, title="Курс", teacher=teacher)
    LessonPageFactory(
        parent=course,
        title="Урок",
        content=[{"type": "paragraph", "value": "<p>Секретный приём баррэ</p>"}],
    )
    anonymous = client.get("/ru/search/", {"q": "баррэ"})
    assert "Урок" not in main(anonymous)
    client.force_login(teacher)
    for _ in range(2):
        response = client.get("/ru/search/", {"q": "баррэ"})
        assert "groups" in response.context and "Урок" in main(response)


def test_a_new_translation_shows_in_the_head_and_the_language_switch(client, catalog, en):
    course = CoursePageFactory(parent=catalog, title="Курс", slug="course")
    html = client.get(course.url).content.decode()
    assert 'rel="alternate" hreflang="en"' not in html
    assert "/i18n/switch/" in html  # the switch goes through the view: no English version
    english = translate(course, en, title="Course")
    html = client.get(course.url).content.decode()
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{english.url}">' in html
    assert f'href="{english.url}"' in html  # the language switch


def test_a_lesson_text_is_kept_and_an_edit_shows_at_once(client, catalog, admin_user):
    course = CoursePageFactory(parent=catalog, title="Курс")
    lesson = LessonPageFactory(
        parent=course,
        is_free=True,
        content=[{"type": "paragraph", "value": "<p>Первая версия</p>"}],
    )
    assert client.get(lesson.url).context["content_is_shared"] is True
    assert "Первая версия" in main(client.get(lesson.url))
    lesson.content = [{"type": "paragraph", "value": "<p>Вторая версия</p>"}]
    lesson.save_revision(user=admin_user).publish()
    html = main(client.get(lesson.url))
    assert "Вторая версия" in html and "Первая версия" not in html


def test_a_course_pages_lessons_are_kept_until_one_is_published_or_unpublished(
    client, catalog, admin_user
):
    course = CoursePageFactory(parent=catalog, title="Курс")
    first = LessonPageFactory(parent=course, title="Урок первый")
    client.force_login(StudentFactory())  # a signed-in reader: no anonymous page cache
    assert "Урок первый" in main(client.get(course.url))
    with CaptureQueriesContext(connection) as queries:
        client.get(course.url)
    assert not any("courses_lessonpage" in query["sql"] for query in queries.captured_queries)
    LessonPageFactory(parent=course, title="Урок второй", live=False).save_revision(
        user=admin_user
    ).publish()
    html = main(client.get(course.url))
    assert "Урок первый" in html and "Урок второй" in html
    first.unpublish()
    html = main(client.get(course.url))
    assert "Урок первый" not in html and "Урок второй" in html


def test_the_programme_is_kept_per_set_of_done_lessons(client, catalog):
    from learning.enrollment.models import Enrollment
    from learning.enrollment.services import complete_lesson

    course = CoursePageFactory(parent=catalog, title="Курс", price=0)
    lessons = [LessonPageFactory(parent=course, title=f"Урок {n}") for n in range(3)]
    ann, bob = StudentFactory(), StudentFactory()
    for learner in (ann, bob):
        Enrollment.objects.create(user=learner, course=course, source="free")
    complete_lesson(ann, lessons[0])

    def done(learner) -> int:
        client.force_login(learner)
        return main(client.get(course.url)).count('class="is-done"')

    assert (done(ann), done(bob), done(ann), done(bob)) == (1, 0, 1, 0)
    complete_lesson(bob, lessons[0])
    complete_lesson(bob, lessons[2])
    assert (done(bob), done(ann)) == (2, 1)


def test_a_lessons_list_of_its_course_follows_the_course_and_the_reader(
    client, catalog, admin_user
):
    from learning.enrollment.models import Enrollment
    from learning.enrollment.services import complete_lesson

    course = CoursePageFactory(parent=catalog, title="Курс", price=0)
    first, second = (LessonPageFactory(parent=course, title=f"Урок {n}") for n in (1, 2))
    ann, bob = StudentFactory(), StudentFactory()
    for learner in (ann, bob):
        Enrollment.objects.create(user=learner, course=course, source="free")
    complete_lesson(ann, first)

    def nav(learner, lesson) -> str:
        client.force_login(learner)
        html = client.get(lesson.url).content.decode()
        return html.split('class="lesson-nav"')[1].split("</nav>")[0]

    assert nav(ann, second).count("is-done") == 2  # the item and its check
    assert nav(bob, second).count("is-done") == 0
    assert 'aria-current="page">Урок 2' in nav(ann, second)
    assert 'aria-current="page">Урок 1' in nav(ann, first)
    # Another lesson of the course published: in every lesson's list at once.
    LessonPageFactory(parent=course, title="Урок 3", live=False).save_revision(
        user=admin_user
    ).publish()
    assert "Урок 3" in nav(bob, first) and "Урок 3" in nav(ann, second)
    complete_lesson(bob, second)
    assert nav(bob, first).count("is-done") == 2


def test_a_lesson_with_a_library_video_is_never_kept(client, catalog):
    """The player carries the reader's own position and signed sources."""
    course = CoursePageFactory(parent=catalog, title="Курс")
    lesson = LessonPageFactory(
        parent=course,
        is_free=True,
        content=[{"type": "video", "value": {"embed": "", "file": None, "caption": "Видео"}}],
    )
    assert client.get(lesson.url).context["content_is_shared"] is False


def test_a_course_counter_written_without_a_publish_shows_at_once(client, catalog):
    """Enrollments and lessons recount with update(), which bumps no content counter: the
    counters are in the course intro's key."""
    course = CoursePageFactory(parent=catalog, title="Курс")
    client.get(course.url)
    type(course).objects.filter(pk=course.pk).update(students_count=4321)
    assert "4321" in main(client.get(course.url))


def test_a_page_reads_its_parts_in_one_round_trip_once_its_address_is_known(
    client, catalog, monkeypatch
):
    from core import cache_reads

    course = CoursePageFactory(parent=catalog, title="Курс с частями")
    LessonPageFactory(parent=course)
    reads: list[list[str]] = []
    real_fetch = cache_reads.fetch

    def counted(keys, wanted):
        reads.append(list(keys))
        return real_fetch(keys, wanted)

    monkeypatch.setattr(cache_reads, "fetch", counted)
    first = main(client.get(course.url))
    assert len(reads) > 3  # the intro, the cover, the description, the head…: one by one
    kept = {key for keys in reads for key in keys}
    reads.clear()
    again = main(client.get(course.url))
    assert len(reads) == 1 and set(reads[0]) == kept  # every part, with the counters
    assert any(key.startswith("furniture:") for key in reads[0])  # the header and footer too
    assert again == first
    # A publish in between: the guessed parts are read again and none is served stale.
    course.title = "Курс переименован"
    course.save_revision().publish()
    assert "Курс переименован" in main(client.get(course.url))


def test_a_publish_elsewhere_keeps_a_course_pages_parts(client, catalog, tutor_index):
    from core import cache_reads
    from home import parts

    course = CoursePageFactory(parent=catalog, title="Курс")
    lesson = LessonPageFactory(parent=course, title="Урок")
    other = CoursePageFactory(parent=catalog, title="Другой курс")
    client.get(course.url), client.get(lesson.url)
    other.title = "Другой курс, новое название"
    other.save_revision().publish()

    def built() -> list[str]:
        """The parts this request had to build (not found kept)."""
        # (The header and footer follow every publish: the menu may list any page.)
        built = cache_reads.built(client.get(course.url).wsgi_request)
        return [key for key in built if not key.startswith("furniture:")]

    assert built() == []  # nothing of this course changed
    lesson.title = "Урок, новое название"
    lesson.save_revision().publish()
    assert built()  # a lesson of the course: its page is built again
    assert "Урок, новое название" in main(client.get(course.url))
    assert "Урок, новое название" in main(client.get(lesson.url))  # its list of lessons
    assert parts.counters(course.path) != parts.EVERYTHING


def test_a_tutor_page_renamed_shows_on_their_courses(client, catalog, tutor_index):
    from ..courses.factories import TutorPageFactory

    tutor = TutorPageFactory(parent=tutor_index, title="Ольга Лебедева")
    course = CoursePageFactory(parent=catalog, teacher=tutor.user, owner=tutor.user)
    assert "Ольга Лебедева" in main(client.get(course.url))
    tutor.title = "Ольга Лебедева-Смирнова"
    tutor.save_revision().publish()
    assert "Ольга Лебедева-Смирнова" in main(client.get(course.url))


def test_a_views_head_is_kept_with_the_furniture(client):
    """A view's canonical and hreflang addresses and the site's description are kept
    (``seo``'s ``view-head``) until the furniture's counter moves."""
    from core import cache_reads
    from home import fragments, page_cache

    client.force_login(StudentFactory())
    client.get("/ru/cabinet/")
    response = client.get("/ru/cabinet/")
    assert not [key for key in cache_reads.built(response.wsgi_request) if "view-head" in key]
    assert 'rel="canonical" href="http://testserver/ru/cabinet/"' in response.content.decode()
    assert 'hreflang="en" href="http://testserver/en/cabinet/"' in response.content.decode()
    page_cache.bump(fragments.GENERATION_KEY)
    response = client.get("/ru/cabinet/")
    assert [key for key in cache_reads.built(response.wsgi_request) if "view-head" in key]
