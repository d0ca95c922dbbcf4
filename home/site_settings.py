"""Site-wide settings editors change in the admin (Settings › Site settings).

A module of its own so the feedback e-mail (home.services) can read the contact address
without importing the page models, which call those services.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    footer_text = models.CharField(_("footer text"), max_length=255, blank=True)
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
    ]

    class Meta:
        verbose_name = _("site settings")
