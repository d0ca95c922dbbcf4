"""The demo catalog and tutors: what load_courses_demo builds; a second run adds nothing."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Revision, WorkflowPage

from accounts.models import User
from courses import services
from courses.demo import load_courses_demo
from courses.demo_content import COURSES, TRANSLATED_COURSE
from courses.models import (
    Category,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    TutorIndexPage,
    TutorPage,
    TutorVideoPage,
)

from ..factories import TeacherFactory

PASSWORD = "ustat-demo-2026"
DEMO_ACCOUNTS = [
    "tutor1@ustat.test",
    "tutor2@ustat.test",
    "editor@ustat.test",
    "moderator@ustat.test",
    "admin@ustat.test",
]
TUTOR_EMAILS = [f"tutor{n}@ustat.test" for n in range(1, 5)]


@pytest.fixture
def en(home_page) -> Locale:
    """As the demo command does before the catalog: the home page gets its English page."""
    locale = Locale.objects.get(language_code="en")
    home_en = home_page.copy_for_translation(locale, copy_parents=True)
    home_en.title = "Home"
    home_en.save_revision().publish()
    return locale


@pytest.fixture
def demo(home_page, en):
    for email in DEMO_ACCOUNTS:
        TeacherFactory(email=email, verified=True)
    return load_courses_demo(home_page, en, PASSWORD)


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "categories": Category.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "workflow pages": WorkflowPage.objects.count(),
    }


def test_builds_the_catalog_and_a_second_run_creates_nothing(home_page, en, demo):
    check_categories(demo, en)
    check_courses(demo)
    check_tutors(demo)

    before = snapshot()
    again = load_courses_demo(home_page, en, PASSWORD)
    assert snapshot() == before
    assert again["created"] == 0
    assert demo["created"] > 0
    for key in ("categories", "courses", "lessons", "tutors", "videos", "lessons_en"):
        assert again[key] == demo[key]
    assert again["catalog"].pk == demo["catalog"].pk


def check_categories(demo, en) -> None:
    ru = Locale.get_default()
    categories = Category.objects.filter(locale=ru)
    assert categories.count() == demo["categories"] == 8
    assert all(category.icon for category in categories)
    assert categories.filter(parent=None).count() < 8
    assert not categories.filter(parent__parent__isnull=False).exists()
    english = Category.objects.filter(locale=en)
    assert english.count() == 8
    for category in english.exclude(parent=None):
        assert category.parent.locale_id == en.pk
    python_en = Category.objects.get(locale=en, slug="python")
    assert (
        python_en.translation_key == Category.objects.get(locale=ru, slug="python").translation_key
    )


def check_courses(demo) -> None:
    catalog = demo["catalog"]
    assert catalog.slug == "courses" and catalog.show_in_menus and catalog.live
    courses = CoursePage.objects.child_of(catalog).live()
    assert courses.count() == demo["courses"] == len(COURSES) == 12
    assert {c.level for c in courses} == {"beginner", "intermediate", "advanced"}
    assert {c.course_type for c in courses} == {"self_paced", "live_group", "individual"}
    assert {c.language for c in courses} == {"ru", "en"}
    assert courses.filter(price=0).exists() and courses.filter(price__gt=0).exists()
    assert courses.filter(currency="USD").exists()
    tutors = set(User.objects.filter(email__in=TUTOR_EMAILS).values_list("pk", flat=True))
    for course in courses:
        assert course.status == "published"
        assert course.teacher_id == course.owner_id and course.teacher_id in tutors
        assert course.category_id and course.summary and course.description
        assert course.students_count > 0 and course.reviews_count > 0
        lessons = LessonPage.objects.child_of(course).live().order_by("path")
        assert 5 <= lessons.count() <= 8
        assert course.lessons_count == lessons.count()
        assert [lesson.is_free for lesson in lessons][:2] == [True, False]
        first = lessons.first()
        assert first.duration_minutes > 0
        assert {"paragraph", "heading"} <= {block.block_type for block in first.content}
    block_types = {
        block.block_type
        for lesson in LessonPage.objects.descendant_of(catalog)
        for block in lesson.content
    }
    assert {"paragraph", "heading", "video", "callout", "code"} <= block_types


def check_tutors(demo) -> None:
    tutor_index = demo["tutor_index"]
    assert tutor_index.slug == "tutors" and tutor_index.show_in_menus
    tutors = TutorPage.objects.child_of(tutor_index).live()
    assert tutors.count() == demo["tutors"] == 4
    assert {t.user.email for t in tutors} == set(TUTOR_EMAILS)
    for tutor in tutors:
        assert tutor.owner_id == tutor.user_id
        assert tutor.subjects.exists() and tutor.hourly_price > 0 and tutor.bio
        videos = TutorVideoPage.objects.child_of(tutor).live()
        assert videos.count() == 2
        assert all(video.tags.exists() and video.video[0].block_type == "video" for video in videos)
    new_tutor = User.objects.get(email="tutor3@ustat.test")
    assert new_tutor.role == "teacher" and new_tutor.check_password(PASSWORD)
    assert new_tutor.emailaddress_set.filter(verified=True).exists()
    assert new_tutor.teacher_profile.experience_years > 0


def test_english_translations_stay_linked_and_pages_render(demo, en, client):
    catalog_en = demo["catalog_en"]
    assert catalog_en.locale_id == en.pk and catalog_en.title == "Courses"
    assert catalog_en.translation_key == demo["catalog"].translation_key
    tutor_index_en = demo["tutor_index_en"]
    assert tutor_index_en.title == "Tutors"
    assert tutor_index_en.translation_key == demo["tutor_index"].translation_key

    course_ru = CoursePage.objects.get(locale=Locale.get_default(), slug=TRANSLATED_COURSE.slug)
    course_en = demo["course_en"]
    assert course_en.live and course_en.locale_id == en.pk and course_en.is_free
    assert course_en.translation_key == course_ru.translation_key
    assert course_en.title == TRANSLATED_COURSE.title
    assert course_en.category.locale_id == en.pk
    assert course_en.get_parent().pk == catalog_en.pk
    lessons_ru = LessonPage.objects.child_of(course_ru).order_by("path")
    lessons_en = LessonPage.objects.child_of(course_en).live().order_by("path")
    assert lessons_en.count() == lessons_ru.count() == demo["lessons_en"]
    for ru, english in zip(lessons_ru, lessons_en, strict=True):
        assert english.translation_key == ru.translation_key
        assert english.title != ru.title
    course_en.refresh_from_db()
    assert course_en.lessons_count == lessons_en.count()

    response = client.get(course_en.get_url())
    assert response.status_code == 200
    assert course_en.get_url().startswith("/en/")
    content = response.content.decode()
    assert TRANSLATED_COURSE.title in content
    assert TRANSLATED_COURSE.lessons[0].title in content
    free_lesson = client.get(lessons_en.first().get_url())
    assert free_lesson.status_code == 200
    assert "print(" in free_lesson.content.decode()

    check_catalog_pages(client)


def check_catalog_pages(client) -> None:
    response = client.get("/ru/courses/")
    assert response.status_code == 200
    content = response.content.decode()
    for spec in COURSES:
        assert spec.title in content
    assert client.get("/ru/tutors/").status_code == 200
    assert client.get("/en/courses/").status_code == 200


def test_tutors_group_and_moderation_workflow(demo):
    group = Group.objects.get(name=services.TUTORS_GROUP)
    for email in TUTOR_EMAILS:
        tutor = User.objects.get(email=email)
        assert tutor.groups.filter(pk=group.pk).exists()
    tutor = User.objects.get(email="tutor3@ustat.test")
    catalog = demo["catalog"]
    assert catalog.permissions_for_user(tutor).can_add_subpage()
    assert demo["tutor_index"].permissions_for_user(tutor).can_add_subpage()
    assert not catalog.permissions_for_user(tutor).can_publish_subpage()
    for index in (catalog, demo["tutor_index"]):
        workflow = index.get_workflow()
        assert workflow is not None and workflow.name == services.WORKFLOW_NAME
    assert CourseIndexPage.objects.count() == TutorIndexPage.objects.count() == 2
