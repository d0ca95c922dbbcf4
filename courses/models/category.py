from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from .. import icons


class Category(TranslatableMixin, index.Indexed, models.Model):
    """A subject of courses and tutors: a two-level tree (a top category and its children)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=True)
    icon = models.CharField(
        _("icon"),
        max_length=40,
        blank=True,
        help_text=_("The picture shown next to the name (a book when none is chosen)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level category."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    # The names come from courses/icons.txt; a select here, not model choices, so adding an
    # icon needs no migration.
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("icon", widget=forms.Select(choices=[("", "—"), *icons.CHOICES])),
        FieldPanel("parent"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_category_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        super().clean()
        if self.icon and self.icon not in icons.NAMES:
            raise ValidationError({"icon": _("Choose one of the listed icons.")})
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Categories are two levels deep at most.")})
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This category has sub-categories, so it must stay at the top.")}
            )
        if self.parent.locale_id != self.locale_id:
            raise ValidationError({"parent": _("The parent must be in the same language.")})
