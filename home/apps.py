from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache
        from .models import SiteSettings

        # Anything a cached page may show: pages, their tree, the footer's settings.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.purge, dispatch_uid=f"page-cache-{signal!r}")
        post_delete.connect(page_cache.purge, sender=Page, dispatch_uid="page-cache-delete")
        post_save.connect(
            page_cache.purge_on_settings_change, sender=SiteSettings, dispatch_uid="page-cache-site"
        )
