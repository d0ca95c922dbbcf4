"""The course and tutor page trees, their pages, and the lesson gate."""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from accounts.models import TeacherProfile
from core.errors import NotAllowed
from courses import services
from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    TutorIndexPage,
    TutorPage,
    TutorVideoPage,
)
from home.models import HomePage, StandardPage

from ..factories import AdminFactory, StudentFactory
from ..reviews.helpers import many_reviews
from .factories import (
    CategoryFactory,
    CoursePageFactory,
    LessonPageFactory,
    TutorPageFactory,
    TutorVideoPageFactory,
)


class TreeRulesTests(WagtailPageTestCase):
    def test_catalog_tree(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(StandardPage, LessonPage)

    def test_tutor_tree(self):
        self.assertAllowedParentPageTypes(TutorIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TutorIndexPage, {TutorPage})
        self.assertAllowedSubpageTypes(TutorPage, {TutorVideoPage})
        self.assertAllowedSubpageTypes(TutorVideoPage, set())
        self.assertCanNotCreateAt(CourseIndexPage, TutorPage)
        self.assertCanNotCreateAt(Page, CourseIndexPage)


pytestmark = pytest.mark.django_db


def test_course_page_shows_pitch_programme_and_structured_data(client, catalog):
    category = CategoryFactory(name="Python", icon="brand-python")
    course = CoursePageFactory(parent=catalog, title="Python с нуля", category=category, price=990)
    LessonPageFactory(parent=course, title="Переменные", is_free=True)
    LessonPageFactory(parent=course, title="Циклы")
    html = client.get(course.url).content.decode()
    assert "Python с нуля" in html and "Переменные" in html and "Циклы" in html
    assert '"@type": "Course"' in html and '"priceCurrency": "RUB"' in html
    assert "990" in html
    assert '<meta property="og:title" content="Python с нуля">' in html


def test_lesson_content_is_gated_unless_free_or_taught(client, catalog):
    course = CoursePageFactory(parent=catalog)
    free = LessonPageFactory(parent=course, is_free=True)
    paid = LessonPageFactory(parent=course)
    secret = "Текст урока только для учеников."

    assert secret in client.get(free.url).content.decode()
    response = client.get(paid.url)
    assert response.status_code == 200  # people see the gate, not an error
    assert secret not in response.content.decode()
    assert 'data-testid="lesson-gate"' in response.content.decode()

    client.force_login(StudentFactory())
    assert secret not in client.get(paid.url).content.decode()
    client.force_login(course.teacher)
    assert secret in client.get(paid.url).content.decode()
    client.force_login(AdminFactory())
    assert secret in client.get(paid.url).content.decode()


def test_archived_course_leaves_the_catalog_but_stays_readable(client, catalog):
    course = CoursePageFactory(parent=catalog, title="Старый курс")
    staying = CoursePageFactory(parent=catalog, title="Новый курс")
    moderator = AdminFactory()
    services.archive_course(moderator, course)
    catalog_html = client.get(catalog.url).content.decode()
    assert "Старый курс" not in catalog_html and staying.title in catalog_html
    page = client.get(course.url)
    assert page.status_code == 200
    assert "archived" in page.content.decode() or "архив" in page.content.decode()


def test_archiving_needs_publish_rights(catalog):
    course = CoursePageFactory(parent=catalog)
    with pytest.raises(NotAllowed):
        services.archive_course(course.teacher, course)


def test_lessons_count_follows_publishing_and_deleting(catalog, admin_user):
    course = CoursePageFactory(parent=catalog)
    lesson = LessonPageFactory(parent=course, live=False)
    lesson.save_revision(user=admin_user).publish()
    course.refresh_from_db()
    assert course.lessons_count == 1
    second = LessonPageFactory(parent=course, live=False)
    second.save_revision(user=admin_user).publish()
    course.refresh_from_db()
    assert course.lessons_count == 2
    lesson.refresh_from_db()
    lesson.unpublish()
    course.refresh_from_db()
    assert course.lessons_count == 1
    second.delete()
    course.refresh_from_db()
    assert course.lessons_count == 0


def test_publishing_a_course_sets_status_date_and_the_teachers_count(catalog, admin_user):
    course = CoursePageFactory(parent=catalog, live=False, status="draft")
    course.save_revision(user=admin_user).publish()
    course.refresh_from_db()
    assert course.status == "published" and course.published_at is not None
    assert (
        course.teacher.teacher_profile.__class__.objects.get(user=course.teacher).courses_count == 1
    )
    course.unpublish()
    course.refresh_from_db()
    assert course.status == "draft"
    assert TeacherProfile.objects.get(user=course.teacher).courses_count == 0


def test_teacher_defaults_to_the_owner(catalog, teacher):
    course = CoursePage(title="Без учителя", slug="no-teacher", summary="…", owner=teacher)
    catalog.add_child(instance=course)
    assert course.teacher == teacher


def test_tutor_page_lists_courses_and_videos(client, catalog, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index, title="Ирина Соколова")
    CoursePageFactory(parent=catalog, title="Курс Ирины", teacher=tutor.user, owner=tutor.user)
    CoursePageFactory(parent=catalog, title="Чужой курс")
    TutorVideoPageFactory(parent=tutor, title="Пробный урок")
    html = client.get(tutor.url).content.decode()
    assert "Курс Ирины" in html and "Пробный урок" in html
    assert "Чужой курс" not in html
    assert "Ирина Соколова" in client.get(tutor_index.url).content.decode()


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (site root, locales); make the cards' renditions
    # Again: making a hundred covers' renditions fills the test's local-memory cache past its
    # 300 entries, which drops the site root and the like; the second visit puts them back.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_take_a_fixed_number_of_queries(client, home_page, catalog, tutor_index):
    # Covers and photos on every other card, so a rendition the cards ask for but the listing
    # does not prefetch (templates/includes/media/ against home.media) shows as extra queries.
    categories = [CategoryFactory(), CategoryFactory(parent=CategoryFactory())]
    tutor = TutorPageFactory(parent=tutor_index, photo=wagtail_factories.ImageFactory())
    first = CoursePageFactory(parent=catalog, teacher=tutor.user, category=categories[0])
    for _ in range(4):
        LessonPageFactory(parent=first)

    def add_courses(count: int) -> None:
        for i in range(count):
            CoursePageFactory(
                parent=catalog,
                teacher=tutor.user,
                category=categories[i % 2],
                cover=wagtail_factories.ImageFactory() if i % 2 else None,
            )

    add_courses(4)
    TutorPageFactory(parent=tutor_index)
    urls = [
        catalog.url,
        first.url,
        tutor.url,
        tutor_index.url,
        catalog.url + "?level=beginner",
        home_page.url,
    ]
    # The pages' reviews (course and tutor), each with a reply; 4★ and 5★ among them, so the
    # home page's "What learners say" shows from the start.
    many_reviews(first, 3, start=2)
    many_reviews(tutor.user, 3, start=2)
    few = {url: count_queries(client, url) for url in urls}

    add_courses(195)
    many_reviews(first, 60, start=5)
    many_reviews(tutor.user, 60, start=5)
    for _ in range(20):
        LessonPageFactory(parent=first)
    for i in range(10):
        TutorPageFactory(
            parent=tutor_index, photo=wagtail_factories.ImageFactory() if i % 2 else None
        )
    many = {url: count_queries(client, url) for url in urls}
    assert many == few


def test_language_switch_leads_to_the_translation_of_the_same_course(client, catalog, admin_user):
    from wagtail.models import Locale

    en = Locale.objects.get(language_code="en")
    course = CoursePageFactory(parent=catalog, title="Python с нуля", slug="python")
    english = course.copy_for_translation(en, copy_parents=True)
    english.title = "Python from scratch"
    english.save_revision(user=admin_user).publish()
    english.refresh_from_db()
    html = client.get(course.url).content.decode()
    assert f'href="{english.url}" hreflang="en"' in html
    english_html = client.get(english.url).content.decode()
    assert "Python from scratch" in english_html
    assert f'href="{course.url}" hreflang="ru"' in english_html
