"""The course catalog and the tutors (courses.yaml, tutors.yaml).

Under the Russian home page: the categories (and their English translations), the catalog with
its courses and their lessons, the tutor list with the tutors' pages, the English translations of
the two index pages, of the courses in courses_en.yaml with all their lessons and of every tutor
in tutors_en.yaml with their videos (Wagtail translations: copies sharing the translation key,
as a translator makes them), the Tutors group and the "Course moderation" workflow.

Everything is looked up by its natural key (e-mail, locale and slug, parent page and slug,
translation) before it is made, so a second run creates nothing and publishes no revision. No
counter is written here: students, ratings and reviews come from the demo learners'
enrollments and reviews (reviews.py), kept by the apps that own those facts. Run it after the
home page has its English
translation: otherwise Wagtail makes the English home an alias of the Russian one when it copies
the catalog for translation.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page

from accounts.models import User
from courses import services
from courses.models import (
    Category,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    TutorIndexPage,
    TutorVideoPage,
)
from home.models import HomePage

from .pages import add_published, translated
from .people import load_tutor_accounts
from .streams import course_description, lesson_content
from .tutors import english_tutor_page, load_tutor_page


class _Catalog:
    def __init__(
        self,
        home: HomePage,
        en: Locale,
        data: dict[str, Any],
        tutors: dict[str, Any],
        password: str,
        english: dict[str, Any],
        english_tutors: dict[str, Any],
    ) -> None:
        self.home = home
        self.ru = home.locale
        self.en = en
        self.data = data
        self.tutor_data = tutors
        self.specs = {spec["slug"]: spec for spec in data["courses"]}
        self.english = english
        self.english_tutors = {spec["slug"]: spec for spec in english_tutors["tutors"]}
        self.password = password
        self.editor = User.objects.filter(email=data["editor"]).first()
        self.tutors: dict[str, User] = {}
        self.categories: dict[str, Category] = {}
        self.categories_en: dict[str, Category] = {}

    def load_categories(self) -> None:
        """The categories in Russian (parents first), then their English translations."""
        specs = self.data["categories"]
        for order, spec in enumerate(specs):
            category = Category.objects.filter(locale=self.ru, slug=spec["slug"]).first()
            if category is None:
                category = Category.objects.create(
                    locale=self.ru,
                    slug=spec["slug"],
                    name=spec["name"],
                    icon=spec["icon"],
                    parent=self.categories[spec["parent"]] if spec["parent"] else None,
                    sort_order=order,
                )
            self.categories[spec["slug"]] = category
        for spec in specs:
            source = self.categories[spec["slug"]]
            translation = source.get_translation_or_none(self.en)
            if translation is None:
                translation = source.copy_for_translation(self.en)
                translation.name = spec["name_en"]
                translation.parent = self.categories_en[spec["parent"]] if spec["parent"] else None
                translation.save()
            self.categories_en[spec["slug"]] = translation

    def index_page(
        self, model: type[CourseIndexPage] | type[TutorIndexPage], spec: dict[str, str]
    ) -> CourseIndexPage | TutorIndexPage:
        """The home page's one catalog (or tutor list): found by type, made if missing."""
        page = model.objects.child_of(self.home).first()
        if page is None:
            page = model(**spec, show_in_menus=True, owner=self.editor)
            add_published(self.home, page, self.editor)
        return page

    def course(self, catalog: CourseIndexPage, spec: dict[str, Any]) -> CoursePage:
        teacher = self.tutors[spec["teacher"]]
        course = CoursePage.objects.child_of(catalog).filter(slug=spec["slug"]).first()
        if course is None:
            course = CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                description=course_description(spec, self.data["description_headings"]["ru"]),
                category=self.categories[spec["category"]],
                course_type=spec["course_type"],
                level=spec["level"],
                language=spec["language"],
                price=Decimal(spec["price"]),
                currency=spec["currency"],
                duration_hours=spec["hours"],
                owner=teacher,
                teacher=teacher,
            )
            add_published(catalog, course, teacher)
        for position, lesson in enumerate(spec["lessons"]):
            self.lesson(course, lesson, is_free=position == 0, owner=teacher)
        services.recount_lessons(course)  # the publish signals did it; cheap to be sure
        return course

    def lesson(
        self, course: CoursePage, spec: dict[str, Any], *, is_free: bool, owner: User
    ) -> LessonPage:
        lesson = LessonPage.objects.child_of(course).filter(slug=spec["slug"]).first()
        if lesson is None:
            lesson = LessonPage(
                title=spec["title"],
                slug=spec["slug"],
                content=lesson_content(spec),
                duration_minutes=spec["minutes"],
                is_free=is_free,
                owner=owner,
            )
            add_published(course, lesson, owner)
        return lesson

    def english_course(self, catalog: CourseIndexPage, spec: dict[str, Any]) -> CoursePage:
        """The English translation of one course and all its lessons (courses_en.yaml).

        What the English spec leaves out (teacher, category, minutes, code, a video's address,
        a callout's kind) is the Russian course's.
        """
        source_spec = self.specs[spec["slug"]]
        english = spec
        spec = {**source_spec, **spec}
        teacher = self.tutors[spec["teacher"]]
        source = CoursePage.objects.child_of(catalog).get(slug=spec["slug"])
        fields = {
            "title": spec["title"],
            "summary": spec["summary"],
            "description": course_description(spec, self.data["description_headings"]["en"]),
            "category": self.categories_en[spec["category"]],
            "language": english.get("language", "en"),
        }
        course, _created = translated(source, self.en, fields, teacher)
        lessons_ru = {lesson["slug"]: lesson for lesson in source_spec["lessons"]}
        for lesson_spec in spec["lessons"]:
            lesson_spec = _merged(lessons_ru[lesson_spec["slug"]], lesson_spec)
            lesson = LessonPage.objects.child_of(source).get(slug=lesson_spec["slug"])
            fields = {"title": lesson_spec["title"], "content": lesson_content(lesson_spec)}
            translated(lesson, self.en, fields, teacher)
        services.recount_lessons(course)
        return course

    def run(self) -> dict[str, Any]:
        self.tutors = load_tutor_accounts(self.tutor_data["tutors"], self.password)
        self.load_categories()
        catalog = self.index_page(CourseIndexPage, self.data["catalog"]["ru"])
        tutor_index = self.index_page(TutorIndexPage, self.tutor_data["index"]["ru"])
        courses = [self.course(catalog, spec) for spec in self.data["courses"]]
        tutors = [
            load_tutor_page(tutor_index, spec, self.tutors[spec["email"]], self.categories)
            for spec in self.tutor_data["tutors"]
        ]
        catalog_en, _created = translated(
            catalog, self.en, _index_fields(self.data["catalog"]["en"]), self.editor
        )
        tutor_index_en, _created = translated(
            tutor_index, self.en, _index_fields(self.tutor_data["index"]["en"]), self.editor
        )
        courses_en = [self.english_course(catalog, spec) for spec in self.english["courses"]]
        tutors_en = [
            english_tutor_page(
                page, spec, self.english_tutors[spec["slug"]], self.categories_en, self.en
            )
            for page, spec in zip(tutors, self.tutor_data["tutors"], strict=True)
            if spec["slug"] in self.english_tutors
        ]

        group = services.tutors_group()
        for user in self.tutors.values():
            user.groups.add(group)
        workflow = services.moderation_workflow()
        return {
            "categories": len(self.categories),
            "categories_en": len(self.categories_en),
            "courses": len(courses),
            "lessons": LessonPage.objects.descendant_of(catalog).count(),
            "tutors": len(tutors),
            "videos": TutorVideoPage.objects.descendant_of(tutor_index).count(),
            "courses_en": len(courses_en),
            "lessons_en": sum(LessonPage.objects.child_of(c).count() for c in courses_en),
            "tutors_en": len(tutors_en),
            "catalog": catalog,
            "tutor_index": tutor_index,
            "catalog_en": catalog_en,
            "tutor_index_en": tutor_index_en,
            "courses_en_pages": courses_en,
            "tutors_group": group,
            "workflow": workflow,
            "tutor_accounts": list(self.tutors.values()),
        }


def _merged(russian: dict[str, Any], english: dict[str, Any]) -> dict[str, Any]:
    """A lesson's English spec over its Russian one; a video or callout merges key by key."""
    merged = {**russian, **english}
    for name in ("video", "callout"):
        if russian.get(name) and english.get(name):
            merged[name] = {**russian[name], **english[name]}
    return merged


def _index_fields(spec: dict[str, str]) -> dict[str, str]:
    return {"title": spec["title"], "introduction": spec["introduction"]}


def load_catalog(
    home: HomePage,
    en: Locale,
    data: dict[str, Any],
    tutors: dict[str, Any],
    password: str,
    *,
    english: dict[str, Any],
    english_tutors: dict[str, Any],
) -> dict[str, Any]:
    """Build the demo catalog and tutors under `home` (idempotent); return what is there.

    `password` is given to the tutor accounts this makes; `english` (courses_en.yaml) and
    `english_tutors` (tutors_en.yaml) are the English versions made as translations. The
    result counts categories, courses, lessons, tutors, videos and the English courses,
    lessons and tutors, says how many pages and categories this run `created`, and holds the
    index pages, the group and the workflow.
    """
    before = Page.objects.count() + Category.objects.count()
    with transaction.atomic():
        result = _Catalog(home, en, data, tutors, password, english, english_tutors).run()
    result["created"] = Page.objects.count() + Category.objects.count() - before
    return result
