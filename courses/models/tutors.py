"""Tutors: TutorIndexPage → TutorPage → TutorVideoPage."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages import PortalPage
from home import media
from home.blocks import BaseStreamBlock
from home.languages import own_language_first, shown_in

from ..blocks import VideoBlock
from ..choices import Currency
from ..images import prefetch_images
from ..tutor_search import tutor_list_context
from .catalog import CoursePage
from .category import Category

# The renditions a tutor card shows (the tutor list, the home page, search): one {% picture %}
# in templates/includes/media/tutor_photo.html.
PHOTO_RENDITION = media.PHOTO


class TutorIndexPage(PortalPage):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.TutorPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("tutor list")
        verbose_name_plural = _("tutor lists")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Tutors not translated into this language yet are listed too, in theirs (badged).
        tutors = prefetch_images(
            shown_in(TutorPage.objects.live().public(), self.locale)
            .defer_streamfields()
            .select_related("user__teacher_profile", "locale")
            .prefetch_related("subjects"),
            "photo",
            PHOTO_RENDITION,
        )
        context.update(
            tutor_list_context(
                request,
                tutors=tutors,
                categories=Category.objects.all(),
                listed_categories=Category.objects.filter(locale=self.locale),
                relevance=(own_language_first(self.locale), "path"),
            )
        )
        return context


class TutorPage(PortalPage):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tutor_pages",
        limit_choices_to={"role": "teacher"},
        help_text=_("Leave empty to link the page's owner."),
    )
    photo = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    headline = models.CharField(
        _("headline"), max_length=160, help_text=_("One line: who you teach and how.")
    )
    subjects = ParentalManyToManyField(
        "courses.Category", verbose_name=_("subjects"), blank=True, related_name="tutors"
    )
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    education = models.TextField(_("education"), blank=True)
    hourly_price = models.DecimalField(
        _("price per hour"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.RUB
    )
    bio = StreamField(BaseStreamBlock(), verbose_name=_("about the tutor"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("headline"),
        FieldPanel("photo"),
        FieldPanel("subjects"),
        InlinePanel("lesson_languages", heading=_("Languages of lessons"), label=_("language")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("experience_years"),
                        FieldPanel("hourly_price"),
                        FieldPanel("currency"),
                    ]
                ),
                FieldPanel("education"),
            ],
            heading=_("Experience and price"),
        ),
        FieldPanel("bio"),
        FieldPanel("user", permission="wagtailcore.publish_page"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("headline"),
        index.SearchField("education"),
        index.SearchField("bio"),
        index.RelatedFields("subjects", [index.SearchField("name")]),
        index.FilterField("hourly_price"),
    ]

    parent_page_types = ["courses.TutorIndexPage"]
    subpage_types = ["courses.TutorVideoPage"]

    class Meta:
        verbose_name = _("tutor")
        verbose_name_plural = _("tutors")

    def clean(self) -> None:
        super().clean()
        if self.user_id and self.user.role != "teacher":
            raise ValidationError({"user": _("The tutor's account must have the teacher role.")})

    def save(self, *args, **kwargs):
        if self.user_id is None and self.owner_id is not None:
            self.user_id = self.owner_id
        return super().save(*args, **kwargs)

    @property
    def og_image(self):
        """The image link previews show (home.seo.og_image)."""
        return self.photo

    @property
    def rating(self) -> Decimal:
        profile = getattr(self.user, "teacher_profile", None) if self.user_id else None
        return profile.rating if profile else Decimal("0")

    def courses(self):
        """The tutor's live courses in this page's language (and those not translated into
        it, in theirs), for listing (no bodies)."""
        if not self.user_id:
            return CoursePage.objects.none()
        return (
            CoursePage.objects.shown_in(self.locale)
            .filter(teacher_id=self.user_id)
            .order_by(own_language_first(self.locale), "-first_published_at")
            .for_listing()
        )

    def videos(self):
        return (
            TutorVideoPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .prefetch_related("tags")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.courses()
        context["videos"] = self.videos()
        return context


class TutorLanguage(Orderable):
    """A language the tutor teaches in (the tutor list's "lesson language" filter)."""

    page = ParentalKey(TutorPage, on_delete=models.CASCADE, related_name="lesson_languages")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta(Orderable.Meta):
        verbose_name = _("language of lessons")
        verbose_name_plural = _("languages of lessons")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_tutor_language_each")
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class TutorVideoTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.TutorVideoPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class TutorVideoPage(PortalPage):
    """A tutor's teaching sample: one video with a description."""

    video = StreamField(
        [("video", VideoBlock())],
        verbose_name=_("video"),
        min_num=1,
        max_num=1,
    )
    description = models.TextField(_("description"), blank=True)
    tags = ClusterTaggableManager(through=TutorVideoTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("video"),
        FieldPanel("description"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.SearchField("tutor_name"),
    ]

    parent_page_types = ["courses.TutorPage"]
    subpage_types: list[str] = []

    def tutor_name(self) -> str:
        """Indexed, so a search for the tutor finds their videos (one query, at indexing)."""
        parent = self.get_parent()
        return parent.title if parent is not None else ""

    class Meta:
        verbose_name = _("tutor's video")
        verbose_name_plural = _("tutors' videos")
