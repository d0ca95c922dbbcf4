"""Site-wide settings editors change in the admin (Settings › Site settings).

A module of its own so the feedback e-mail (home.services) can read the contact address
without importing the page models, which call those services.

The texts visitors read (footer, the site's description, the contact address shown) have one
row per language (`SiteTexts`, an inline of the settings): a site setting is one row per
Site, so it cannot be a translatable model itself. `texts_for` picks the row of a language.
"""

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Locale, Orderable


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    footer_text = models.CharField(
        _("footer text"),
        max_length=255,
        blank=True,
        help_text=_("In the site's main language; other languages below."),
    )
    telegram_url = models.URLField(_("Telegram"), blank=True)
    vk_url = models.URLField(_("VK"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [FieldPanel("telegram_url"), FieldPanel("vk_url"), FieldPanel("youtube_url")],
            heading=_("Social links"),
        ),
        InlinePanel("texts", heading=_("Texts by language"), label=_("language")),
    ]

    class Meta:
        verbose_name = _("site settings")


class SiteTexts(Orderable):
    """What the site says of itself in one language: footer, description, contact address."""

    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="texts")
    locale = models.ForeignKey(
        Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )
    footer_text = models.CharField(_("footer text"), max_length=255, blank=True)
    description = models.CharField(
        _("site description"),
        max_length=300,
        blank=True,
        help_text=_("For search engines and link previews of pages that have no description."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Leave empty to show the site's one.")
    )

    panels = [
        FieldPanel("locale"),
        FieldPanel("footer_text"),
        FieldPanel("description"),
        FieldPanel("contact_email"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("texts in one language")
        constraints = [
            models.UniqueConstraint(fields=["settings", "locale"], name="unique_site_texts_locale")
        ]


@dataclass(frozen=True)
class Texts:
    footer_text: str
    description: str
    contact_email: str


def texts_for(site_settings: SiteSettings, language_code: str) -> Texts:
    """The settings' texts in this language, each falling back to a neutral one.

    The settings' own footer text is in the main language, so it is used only there.
    """
    row = site_settings.texts.filter(locale__language_code=language_code).first()
    default = gettext("Courses and tutors for everyone who wants to learn.")
    main = language_code == django_settings.LANGUAGE_CODE
    footer = (row and row.footer_text) or (main and site_settings.footer_text) or default
    return Texts(
        footer_text=footer,
        description=(row and row.description) or default,
        contact_email=(row and row.contact_email) or site_settings.contact_email,
    )
