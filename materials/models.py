"""Members' free materials: articles, videos and self-check tests written by members.

They are Wagtail pages under one ``MaterialIndexPage`` ("Members' materials"), kept apart
from the catalog: no price, no enrolment, no certificate. A member writes one in the
cabinet (``views.py``), it waits in the same "Course moderation" workflow as courses and
tutors' pages, and moderators publish it. A test is a homework marked ``is_self_check``
(learning.homework), opened to every member while its material is published.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.pages import PortalPage
from courses.blocks import LessonStreamBlock
from home.languages import shown_in

from .listing import listing_context


class MaterialIndexPage(PortalPage):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["materials.MaterialPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("members' materials")
        verbose_name_plural = _("members' materials")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        materials = shown_in(MaterialPage.objects.live().public(), self.locale)
        context.update(listing_context(request, materials, kinds=MaterialPage.Kind))
        return context


class MaterialPage(PortalPage):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        VIDEO = "video", _("Video")
        TEST = "test", _("Self-check test")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    summary = models.TextField(
        _("summary"), max_length=500, blank=True, help_text=_("One or two sentences for the list.")
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("content"), blank=True)
    test = models.OneToOneField(
        "homework.Homework",
        verbose_name=_("self-check test"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="material",
        limit_choices_to={"is_self_check": True},
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("test", read_only=True),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["materials.MaterialIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("member's material")
        verbose_name_plural = _("members' materials")
