"""The catalog: CourseIndexPage → CoursePage → LessonPage."""

from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, PageManager
from wagtail.search import index

from accounts.models import Level
from core.pages import PortalPage, PortalPageQuerySet
from home import media, parts
from home.blocks import BaseStreamBlock
from home.languages import shown_in

from ..access import can_view_lesson
from ..blocks import LessonStreamBlock
from ..catalog import catalog_page_context
from ..choices import CourseStatus, CourseType, Currency
from ..learners import access_ended, lesson_opened
from .category import Category

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "CourseStatus",
    "CourseType",
    "Currency",
    "LessonPage",
]

# The renditions a course card shows (templates/includes/media/course_cover.html: one
# {% picture %}, several sizes and formats); courses.cards prefetches exactly these.
CARD_RENDITION = media.CARD


class CoursePageQuerySet(PortalPageQuerySet):
    def listed(self) -> "CoursePageQuerySet":
        """Courses a visitor may find: live, public, not archived (any language)."""
        return self.live().public().exclude(status=CourseStatus.ARCHIVED)

    def in_catalog(self, locale: Locale) -> "CoursePageQuerySet":
        """Listed courses in this language (the API's list)."""
        return self.listed().filter(locale=locale)

    def shown_in(self, locale: Locale) -> "CoursePageQuerySet":
        """The site's listings in this language: its courses and the untranslated others."""
        return shown_in(self.listed(), locale)

    def for_listing(self) -> "CoursePageQuerySet":
        """What a course card needs, in a fixed number of queries: no bodies, joined teacher,
        and the teacher's name as their tutor page in the course's language spells it."""
        # The cover joined, its renditions left to courses.cards: a card served from the
        # cache needs none.
        return (
            self.defer_streamfields()
            .select_related("teacher", "category__parent", "category__locale", "locale", "cover")
            .annotate(teacher_name=Subquery(_tutor_page_titles()))
        )


def _tutor_page_titles() -> QuerySet:
    """The title of the teacher's live tutor page in the outer course's language."""
    # By name: the tutor pages module imports this one.
    tutor_pages = apps.get_model("courses", "TutorPage").objects.live()
    return tutor_pages.filter(
        user_id=OuterRef("teacher_id"), locale_id=OuterRef("locale_id")
    ).values("title")[:1]


CoursePageManager = PageManager.from_queryset(CoursePageQuerySet)


class CourseIndexPage(PortalPage):
    """The catalog: filters, sorting and pagination over the courses below it."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalog")
        verbose_name_plural = _("course catalogs")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Filters and results are the same for everyone asking this address: kept as one part
        # (home.parts), so a request that finds it builds none of it.
        part = parts.part_for(request, "catalog", self.pk)
        context["catalog_part"] = part
        if not part.found:
            context.update(
                catalog_page_context(
                    request,
                    # Untranslated courses of other languages too, badged (home.languages).
                    courses=CoursePage.objects.shown_in(self.locale),
                    categories=Category.objects.filter(locale=self.locale),
                )
            )
            if context["form"].errors:  # say what is wrong, but keep no answer to nonsense
                context["catalog_part"] = None
        return context


class CoursePage(PortalPage):
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences for the catalog card.")
    )
    description = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)
    cover = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="taught_courses",
        limit_choices_to={"role": "teacher"},
        help_text=_("Leave empty to make the page's owner the teacher."),
    )
    category = models.ForeignKey(
        "courses.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    course_type = models.CharField(
        _("type"), max_length=20, choices=CourseType.choices, default=CourseType.SELF_PACED
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER
    )
    language = models.CharField(
        _("language of teaching"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    price = models.DecimalField(
        _("price"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 makes the course free."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.RUB
    )
    duration_hours = models.PositiveIntegerField(_("duration, hours"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CourseStatus.choices,
        default=CourseStatus.DRAFT,
        help_text=_(
            "Set by publishing. Archive a course to take it out of the catalog and off sale; "
            "its learners keep access."
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    # Denormalised counters, written only by courses.services and the apps that own the facts.
    lessons_count = models.PositiveIntegerField(_("lessons"), default=0, editable=False)
    students_count = models.PositiveIntegerField(_("students"), default=0, editable=False)
    average_rating = models.DecimalField(
        _("average rating"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0"),
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    reviews_count = models.PositiveIntegerField(_("reviews"), default=0, editable=False)

    objects = CoursePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("category"), FieldPanel("course_type")]),
                FieldRowPanel([FieldPanel("level"), FieldPanel("language")]),
                FieldRowPanel(
                    [FieldPanel("price"), FieldPanel("currency"), FieldPanel("duration_hours")]
                ),
                FieldPanel("teacher", permission="wagtailcore.publish_page"),
            ],
            heading=_("Course details"),
        ),
    ]
    # Archiving and changing the teacher are for admins: the panel hides them from others.
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("status", permission="wagtailcore.publish_page"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("summary"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("category"),
        index.FilterField("course_type"),
        index.FilterField("level"),
        index.FilterField("language"),
        index.FilterField("price"),
        index.FilterField("average_rating"),
        index.FilterField("students_count"),
        index.FilterField("status"),
        index.FilterField("teacher"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        indexes = [
            models.Index(fields=["status", "level"]),
            models.Index(fields=["price"]),
            models.Index(fields=["-students_count"]),
        ]

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def is_archived(self) -> bool:
        return self.status == CourseStatus.ARCHIVED

    @property
    def can_be_bought(self) -> bool:
        return self.live and not self.is_archived

    def clean(self) -> None:
        super().clean()
        if self.teacher_id and self.teacher.role != "teacher":
            raise ValidationError({"teacher": _("The teacher must have the teacher role.")})

    def save(self, *args, **kwargs):
        if self.teacher_id is None and self.owner_id is not None and self.owner.role == "teacher":
            self.teacher_id = self.owner_id
        if self.status == CourseStatus.ARCHIVED and self.archived_at is None:
            self.archived_at = timezone.now()
        elif self.status != CourseStatus.ARCHIVED:
            self.archived_at = None
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # The visitor's enrollment, progress and the view count come from enrollment's
        # {% course_state %} tag in the template: enrollment builds on courses, not back.
        context = super().get_context(request, *args, **kwargs)
        # The same for every reader: kept under the course's counters (home.parts), which a
        # publish of it or of any of its lessons bumps.
        context["lessons"] = parts.shared_value(
            request, "course-lessons", (self.pk,), lambda: list(self.lessons()), path=self.path
        )
        # The teacher sees no "message the teacher" link: the one thing of the reader in the
        # kept part naming the teacher (templates/courses/course_page.html).
        user = getattr(request, "user", None)
        context["teacher_reads"] = bool(user and user.pk and user.pk == self.teacher_id)
        return context

    def lessons(self):
        """Live lessons in page-tree order, without their bodies."""
        return LessonPage.objects.child_of(self).live().defer_streamfields().order_by("path")

    @property
    def og_image(self):
        """The image link previews show (home.seo.og_image)."""
        return self.cover

    @cached_property
    def teacher_display(self) -> str:
        """The teacher's name as their tutor page in this language has it ("Olga Lebedeva" on
        an English course of Ольга Лебедева), else their account's name."""
        if not self.teacher_id:
            return ""
        # for_listing() annotates it (None: no tutor page), so a listing asks nothing more.
        name = getattr(self, "teacher_name", None)
        if not hasattr(self, "teacher_name"):
            tutor_pages = apps.get_model("courses", "TutorPage").objects.live()
            found = tutor_pages.filter(user_id=self.teacher_id, locale_id=self.locale_id)
            name = found.values_list("title", flat=True).first()
        return name or self.teacher.get_full_name()


class LessonPage(PortalPage):
    content = StreamField(LessonStreamBlock(), verbose_name=_("content"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration, minutes"), default=0)
    is_free = models.BooleanField(
        _("free preview"),
        default=False,
        help_text=_("Anyone may open a free preview lesson, enrolled or not."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("is_free")]),
        FieldPanel("content"),
    ]
    # Lesson bodies are searched only by people who can open them (see search.views).
    search_fields = [
        *Page.search_fields,
        index.SearchField("content"),
        index.FilterField("is_free"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.select_related("teacher").get(
            path=self.path[: -self.steplen], depth=self.depth - 1
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The course and its lessons are the same for every reader: kept under the course's
        # counters (home.parts), which a publish of it or of any of its lessons bumps.
        course, lessons = parts.shared_value(
            request,
            "lesson-course",
            (self.pk,),
            lambda: (self.course, list(self.course.lessons())),
            path=self.path[: -self.steplen],
        )
        self.__dict__["course"] = course  # what access and progress ask below
        position = next((i for i, item in enumerate(lessons) if item.pk == self.pk), None)
        can_view = can_view_lesson(request.user, self, course)
        context.update(
            course=course,
            lessons=lessons,
            can_view=can_view,
            # Opening a lesson marks it started for people who study it.
            progress=lesson_opened(request.user, self) if can_view else None,
            # The gate says when their access ended and offers to renew.
            access_ended=None if can_view else access_ended(request.user, course),
            # A library video plays from the reader's own position and signed sources; the
            # rest of a lesson's text is the same for everyone who may read it (home.parts).
            content_is_shared=all(block.get("type") != "video" for block in self.content.raw_data),
            previous_lesson=lessons[position - 1] if position else None,
            next_lesson=(
                lessons[position + 1]
                if position is not None and position + 1 < len(lessons)
                else None
            ),
        )
        return context
