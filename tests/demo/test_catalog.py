"""The demo catalog and tutors: categories, courses and lessons, tutors, translations, workflow."""

from collections import Counter

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Revision, WorkflowPage

from accounts.models import User
from courses import services
from courses.models import (
    Category,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    TutorIndexPage,
    TutorPage,
    TutorVideoPage,
)
from demo.loader.catalog import load_catalog

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")

TUTOR_EMAILS = [f"tutor{n}@ustat.test" for n in range(1, 5)]


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "categories": Category.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "workflow pages": WorkflowPage.objects.count(),
    }


def test_builds_the_catalog_and_a_second_run_creates_nothing(demo):
    check_categories(demo)
    check_courses(demo)
    check_tutors(demo)

    before = snapshot()
    again = load_catalog(
        demo.home,
        demo.en,
        demo.courses,
        demo.tutors,
        password=demo.people["password"],
        english=demo.courses_en,
        english_tutors=demo.tutors_en,
    )
    assert snapshot() == before
    assert again["created"] == 0
    assert (again["categories"], again["categories_en"], again["tutors"]) == (8, 8, 4)
    assert again["courses"] == len(demo.courses["courses"])
    assert again["lessons"] == LessonPage.objects.descendant_of(demo.catalog).count()
    assert again["videos"] == 8 + len(demo.videos["posts"])  # YouTube links, and uploads
    assert (again["courses_en"], again["tutors_en"]) == (len(demo.courses_en["courses"]), 4)
    assert again["lessons_en"] == sum(len(c["lessons"]) for c in demo.courses_en["courses"])
    assert again["catalog"].pk == demo.catalog.pk


def check_categories(demo) -> None:
    categories = Category.objects.filter(locale=demo.ru)
    assert categories.count() == 8
    assert all(category.icon for category in categories)
    assert categories.filter(parent=None).count() < 8
    assert not categories.filter(parent__parent__isnull=False).exists()
    english = Category.objects.filter(locale=demo.en)
    assert english.count() == 8
    for category in english.exclude(parent=None):
        assert category.parent.locale_id == demo.en.pk
    python_en = Category.objects.get(locale=demo.en, slug="python")
    python_ru = Category.objects.get(locale=demo.ru, slug="python")
    assert python_en.translation_key == python_ru.translation_key


def check_courses(demo) -> None:
    catalog = demo.catalog
    assert catalog.slug == "courses" and catalog.show_in_menus and catalog.live
    courses = CoursePage.objects.child_of(catalog).live()
    assert courses.count() == len(demo.courses["courses"]) == 12
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
    tutor_index = demo.tutor_index
    assert tutor_index.slug == "tutors" and tutor_index.show_in_menus
    tutors = TutorPage.objects.child_of(tutor_index).live()
    assert tutors.count() == 4
    assert {t.user.email for t in tutors} == set(TUTOR_EMAILS)
    uploaded = Counter(post["tutor"] for post in demo.videos["posts"])  # videos.yaml
    for tutor in tutors:
        assert tutor.owner_id == tutor.user_id
        assert tutor.subjects.exists() and tutor.hourly_price > 0 and tutor.bio
        videos = TutorVideoPage.objects.child_of(tutor).live()
        assert videos.count() == 2 + uploaded[tutor.slug]
        assert all(video.tags.exists() and video.video[0].block_type == "video" for video in videos)
    new_tutor = User.objects.get(email="tutor3@ustat.test")
    assert new_tutor.role == "teacher" and new_tutor.check_password(demo.people["password"])
    assert new_tutor.emailaddress_set.filter(verified=True).exists()
    assert new_tutor.teacher_profile.experience_years > 0


def test_english_translations_stay_linked_and_pages_render(demo, client):
    catalog_en = demo.catalog_en
    assert catalog_en.locale_id == demo.en.pk and catalog_en.title == "Courses"
    assert catalog_en.translation_key == demo.catalog.translation_key
    tutor_index_en = demo.tutor_index_en
    assert tutor_index_en.title == "Tutors"
    assert tutor_index_en.translation_key == demo.tutor_index.translation_key

    spec = demo.courses_en["courses"][0]
    course_ru = CoursePage.objects.get(locale=demo.ru, slug=spec["slug"])
    course_en = demo.course_en
    assert course_en.live and course_en.locale_id == demo.en.pk and course_en.is_free
    assert course_en.translation_key == course_ru.translation_key
    assert course_en.title == spec["title"]
    assert course_en.category.locale_id == demo.en.pk
    assert course_en.get_parent().pk == catalog_en.pk
    lessons_ru = LessonPage.objects.child_of(course_ru).order_by("path")
    lessons_en = LessonPage.objects.child_of(course_en).live().order_by("path")
    assert lessons_en.count() == lessons_ru.count() == len(spec["lessons"])
    for ru, english in zip(lessons_ru, lessons_en, strict=True):
        assert english.translation_key == ru.translation_key
        assert english.title != ru.title
    course_en.refresh_from_db()
    assert course_en.lessons_count == lessons_en.count()

    response = client.get(course_en.get_url())
    assert response.status_code == 200
    assert course_en.get_url().startswith("/en/")
    content = response.content.decode()
    assert spec["title"] in content
    assert spec["lessons"][0]["title"] in content
    free_lesson = client.get(lessons_en.first().get_url())
    assert free_lesson.status_code == 200
    assert "print(" in free_lesson.content.decode()

    check_catalog_pages(demo, client)


def check_catalog_pages(demo, client) -> None:
    response = client.get("/ru/courses/")
    assert response.status_code == 200
    content = response.content.decode()
    for spec in demo.courses["courses"]:
        assert spec["title"] in content
    assert client.get("/ru/tutors/").status_code == 200
    assert client.get("/en/courses/").status_code == 200


def test_tutors_group_and_moderation_workflow(demo):
    group = Group.objects.get(name=services.TUTORS_GROUP)
    for email in TUTOR_EMAILS:
        tutor = User.objects.get(email=email)
        assert tutor.groups.filter(pk=group.pk).exists()
    tutor = User.objects.get(email="tutor3@ustat.test")
    catalog = demo.catalog
    assert catalog.permissions_for_user(tutor).can_add_subpage()
    assert demo.tutor_index.permissions_for_user(tutor).can_add_subpage()
    assert not catalog.permissions_for_user(tutor).can_publish_subpage()
    for index in (catalog, demo.tutor_index):
        workflow = index.get_workflow()
        assert workflow is not None and workflow.name == services.WORKFLOW_NAME
    assert CourseIndexPage.objects.count() == TutorIndexPage.objects.count() == 2
