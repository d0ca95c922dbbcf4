"""Demo content of the course catalog and the tutors, for home's `load_demo_data` command.

`load_courses_demo()` builds, under the Russian home page: the categories (and their English
translations), the course catalog with twelve courses and their lessons, the tutor list with
four tutors and their videos, the English translations of the two index pages and of one free
course with all its lessons, the Tutors group and the "Course moderation" workflow.

It is safe to run again: every object is looked up by its natural key (e-mail, locale and slug,
parent page and slug, translation) before it is made, so a second run creates nothing and
publishes no revision. The demo counters of a course (students, rating, reviews) are written
only when the course is created; from then on the apps that own those facts keep them.

Call it after the home page has its English translation: otherwise Wagtail makes the English
home an alias of the Russian one when it copies the catalog for translation.
The texts live in courses.demo_content.
"""

import html
import re
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from wagtail.models import Locale, Page

from accounts.models import TeacherProfile, User
from accounts.services import ensure_profiles, set_role
from home.models import HomePage

from . import services
from .demo_content import (
    CATALOG,
    CATALOG_EN,
    CATEGORIES,
    COURSES,
    DESCRIPTION_HEADINGS,
    DESCRIPTION_HEADINGS_EN,
    TRANSLATED_COURSE,
    TUTOR_INDEX,
    TUTOR_INDEX_EN,
    TUTORS,
    CourseSpec,
    LessonSpec,
    TutorSpec,
    VideoSpec,
)
from .models import (
    Category,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    TutorIndexPage,
    TutorPage,
    TutorVideoPage,
)

EDITOR_EMAIL = "editor@ustat.test"

StreamData = list[dict[str, Any]]

# ---------------------------------------------------------------------------------------------
# StreamField values from the texts


def rich_text(text: str) -> str:
    """Plain text with **bold** as stored rich text (escaped, <b> for the bold parts)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text, quote=False))


def paragraph(item: str | tuple[str, ...]) -> dict[str, Any]:
    """A paragraph block; a tuple of strings becomes a bulleted list."""
    if isinstance(item, tuple):
        items = "".join(f"<li>{rich_text(text)}</li>" for text in item)
        return {"type": "paragraph", "value": f"<ul>{items}</ul>"}
    return {"type": "paragraph", "value": f"<p>{rich_text(item)}</p>"}


def heading(text: str, size: str = "h2") -> dict[str, Any]:
    return {"type": "heading", "value": {"text": text, "size": size}}


def video(url: str, caption: str) -> dict[str, Any]:
    return {"type": "video", "value": {"embed": url, "file": None, "caption": caption}}


def lesson_content(spec: LessonSpec) -> StreamData:
    """Intro, the video, a heading, the body, the code listing and the callout, when given."""
    blocks = [paragraph(spec.intro)]
    if spec.video:
        blocks.append(video(*spec.video))
    blocks.append(heading(spec.heading))
    blocks.extend(paragraph(item) for item in spec.body)
    if spec.code:
        language, code = spec.code
        blocks.append({"type": "code", "value": {"language": language, "code": code}})
    if spec.callout:
        kind, text = spec.callout
        blocks.append({"type": "callout", "value": {"kind": kind, "text": rich_text(text)}})
    return blocks


def course_description(spec: CourseSpec, headings: tuple[str, str]) -> StreamData:
    audience, outcomes = headings
    blocks = [
        paragraph(spec.about),
        heading(audience),
        paragraph(spec.audience),
        heading(outcomes),
        paragraph(spec.outcomes),
    ]
    if spec.quote:
        text, attribution = spec.quote
        blocks.append({"type": "quote", "value": {"text": text, "attribution": attribution}})
    return blocks


def tutor_bio(spec: TutorSpec) -> StreamData:
    name = f"{spec.first_name} {spec.last_name}"
    return [
        *(paragraph(text) for text in spec.bio),
        {"type": "quote", "value": {"text": spec.quote, "attribution": name}},
    ]


# ---------------------------------------------------------------------------------------------
# The loader


class _DemoLoader:
    def __init__(self, home: HomePage, en: Locale, password: str) -> None:
        self.home = home
        self.ru = home.locale
        self.en = en
        self.password = password
        self.created = 0  # pages and categories made by this run
        self.editor = User.objects.filter(email=EDITOR_EMAIL).first()
        self.tutors: dict[str, User] = {}
        self.categories: dict[str, Category] = {}
        self.categories_en: dict[str, Category] = {}

    # -- helpers -------------------------------------------------------------------------------

    def _add(self, parent: Page, page: Page, user: User | None) -> None:
        """Add a child page and publish it: one revision, as the given user."""
        # Another instance of the parent may have added children since ours was loaded.
        parent.refresh_from_db(fields=["path", "depth", "numchild"])
        parent.add_child(instance=page)
        self._publish(page, user)

    def _publish(self, page: Page, user: User | None) -> None:
        page.save_revision(user=user).publish()
        page.refresh_from_db()  # publishing saved another instance (live, status, counters)
        self.created += 1

    def _translate(
        self, page: Page, fields: dict[str, Any], user: User | None
    ) -> tuple[Page, bool]:
        """The page's English translation, copied, filled in and published if missing."""
        translation = page.get_translation_or_none(self.en)
        if translation is not None:
            return translation, False
        translation = page.copy_for_translation(self.en, copy_parents=True)
        for name, value in fields.items():
            setattr(translation, name, value)
        self._publish(translation, user)
        return translation, True

    @staticmethod
    def _set_course_stats(course: CoursePage, stats: tuple[int, str, int]) -> None:
        """Demo numbers for a new course's denormalised counters (lessons are counted)."""
        students, rating, reviews = stats
        values = {
            "students_count": students,
            "average_rating": Decimal(rating),
            "reviews_count": reviews,
        }
        CoursePage.objects.filter(pk=course.pk).update(**values)
        for name, value in values.items():
            setattr(course, name, value)

    # -- people and categories -----------------------------------------------------------------

    def tutor_accounts(self) -> None:
        for spec in TUTORS:
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                user = User(
                    email=spec.email,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    role=User.Role.TEACHER,
                )
                user.set_password(self.password)
                user.save()
            elif user.role != User.Role.TEACHER:
                set_role(user, User.Role.TEACHER)
            ensure_profiles(user)
            EmailAddress.objects.get_or_create(
                user=user, email=spec.email, defaults={"verified": True, "primary": True}
            )
            self._fill_profile(user.teacher_profile, spec)
            self.tutors[spec.email] = user

    @staticmethod
    def _fill_profile(profile: TeacherProfile, spec: TutorSpec) -> None:
        """Fill the blank parts of the teacher profile; what the tutor wrote stays."""
        changed = []
        for name, value in (
            ("expertise", spec.headline),
            ("experience_years", spec.experience_years),
            ("education", spec.education),
            ("bio", "\n\n".join(spec.bio)),
        ):
            if not getattr(profile, name):
                setattr(profile, name, value)
                changed.append(name)
        if changed:
            profile.save(update_fields=changed)

    def categories_and_translations(self) -> None:
        for order, spec in enumerate(CATEGORIES):
            category = Category.objects.filter(locale=self.ru, slug=spec.slug).first()
            if category is None:
                category = Category.objects.create(
                    locale=self.ru,
                    slug=spec.slug,
                    name=spec.name,
                    icon=spec.icon,
                    parent=self.categories[spec.parent] if spec.parent else None,
                    sort_order=order,
                )
                self.created += 1
            self.categories[spec.slug] = category
        for spec in CATEGORIES:  # parents come first, so theirs exist for the children
            source = self.categories[spec.slug]
            translation = source.get_translation_or_none(self.en)
            if translation is None:
                translation = source.copy_for_translation(self.en)
                translation.name = spec.name_en
                translation.parent = self.categories_en[spec.parent] if spec.parent else None
                translation.save()
                self.created += 1
            self.categories_en[spec.slug] = translation

    # -- pages ---------------------------------------------------------------------------------

    def index_page(
        self, model: type[CourseIndexPage] | type[TutorIndexPage], spec: Any
    ) -> CourseIndexPage | TutorIndexPage:
        """The home page's one catalog (or tutor list): found by type, made if missing."""
        page = model.objects.child_of(self.home).first()
        if page is None:
            page = model(
                title=spec.title,
                slug=spec.slug,
                introduction=spec.introduction,
                show_in_menus=True,
                owner=self.editor,
            )
            self._add(self.home, page, self.editor)
        return page

    def course(self, catalog: CourseIndexPage, spec: CourseSpec) -> CoursePage:
        teacher = self.tutors[spec.teacher]
        course = CoursePage.objects.child_of(catalog).filter(slug=spec.slug).first()
        if course is None:
            course = CoursePage(
                title=spec.title,
                slug=spec.slug,
                summary=spec.summary,
                description=course_description(spec, DESCRIPTION_HEADINGS),
                category=self.categories[spec.category],
                course_type=spec.course_type,
                level=spec.level,
                language=spec.language,
                price=Decimal(spec.price),
                currency=spec.currency,
                duration_hours=spec.hours,
                owner=teacher,
                teacher=teacher,
            )
            self._add(catalog, course, teacher)
            self._set_course_stats(course, spec.stats)
        for position, lesson_spec in enumerate(spec.lessons):
            self.lesson(course, lesson_spec, is_free=position == 0, owner=teacher)
        services.recount_lessons(course)  # the publish signals did it; cheap to be sure
        return course

    def lesson(
        self, course: CoursePage, spec: LessonSpec, *, is_free: bool, owner: User
    ) -> LessonPage:
        lesson = LessonPage.objects.child_of(course).filter(slug=spec.slug).first()
        if lesson is None:
            lesson = LessonPage(
                title=spec.title,
                slug=spec.slug,
                content=lesson_content(spec),
                duration_minutes=spec.minutes,
                is_free=is_free,
                owner=owner,
            )
            self._add(course, lesson, owner)
        return lesson

    def tutor_page(self, index: TutorIndexPage, spec: TutorSpec) -> TutorPage:
        user = self.tutors[spec.email]
        page = TutorPage.objects.child_of(index).filter(slug=spec.slug).first()
        if page is None:
            page = TutorPage(
                title=f"{spec.first_name} {spec.last_name}",
                slug=spec.slug,
                headline=spec.headline,
                experience_years=spec.experience_years,
                education=spec.education,
                hourly_price=Decimal(spec.hourly_price),
                bio=tutor_bio(spec),
                owner=user,
                user=user,
            )
            page.subjects.set([self.categories[slug] for slug in spec.subjects])
            self._add(index, page, user)
            # The profile's rating is a counter the reviews app will own; a demo number now.
            TeacherProfile.objects.filter(user=user).update(rating=Decimal(spec.rating))
        for video_spec in spec.videos:
            self.tutor_video(page, video_spec, user)
        return page

    def tutor_video(self, tutor: TutorPage, spec: VideoSpec, user: User) -> TutorVideoPage:
        page = TutorVideoPage.objects.child_of(tutor).filter(slug=spec.slug).first()
        if page is None:
            page = TutorVideoPage(
                title=spec.title,
                slug=spec.slug,
                video=[video(spec.url, spec.caption)],
                description=spec.description,
                owner=user,
            )
            page.tags.add(*spec.tags)
            self._add(tutor, page, user)
        return page

    def english_course(self, catalog: CourseIndexPage) -> CoursePage:
        """The English translation of one course and all its lessons."""
        spec = TRANSLATED_COURSE
        teacher = self.tutors[spec.teacher]
        source = CoursePage.objects.child_of(catalog).get(slug=spec.slug)
        course, created = self._translate(
            source,
            {
                "title": spec.title,
                "summary": spec.summary,
                "description": course_description(spec, DESCRIPTION_HEADINGS_EN),
                "category": self.categories_en[spec.category],
                "language": spec.language,
            },
            teacher,
        )
        if created:
            self._set_course_stats(course, spec.stats)
        for lesson_spec in spec.lessons:
            lesson = LessonPage.objects.child_of(source).get(slug=lesson_spec.slug)
            self._translate(
                lesson,
                {"title": lesson_spec.title, "content": lesson_content(lesson_spec)},
                teacher,
            )
        return course

    # -- all of it -----------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        self.tutor_accounts()
        self.categories_and_translations()
        catalog = self.index_page(CourseIndexPage, CATALOG)
        tutor_index = self.index_page(TutorIndexPage, TUTOR_INDEX)
        courses = [self.course(catalog, spec) for spec in COURSES]
        tutors = [self.tutor_page(tutor_index, spec) for spec in TUTORS]

        catalog_en, _created = self._translate(
            catalog,
            {"title": CATALOG_EN.title, "introduction": CATALOG_EN.introduction},
            self.editor,
        )
        tutor_index_en, _created = self._translate(
            tutor_index,
            {"title": TUTOR_INDEX_EN.title, "introduction": TUTOR_INDEX_EN.introduction},
            self.editor,
        )
        course_en = self.english_course(catalog)

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
            "lessons_en": LessonPage.objects.child_of(course_en).count(),
            "created": self.created,
            "catalog": catalog,
            "tutor_index": tutor_index,
            "catalog_en": catalog_en,
            "tutor_index_en": tutor_index_en,
            "course_en": course_en,
            "tutors_group": group,
            "workflow": workflow,
        }


def load_courses_demo(home: HomePage, en: Locale, password: str) -> dict[str, Any]:
    """Build the demo catalog and tutors under `home` (idempotent); return what is there.

    `password` is given to the tutor accounts this makes (the command's demo password).
    The result counts categories, courses, lessons, tutors, videos and English lessons,
    says how many pages and categories this run `created`, and holds the index pages.
    """
    with transaction.atomic():
        return _DemoLoader(home, en, password).run()
