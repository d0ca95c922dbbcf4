from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache, signals
        from .models import SiteSettings

        # Anything a cached page may show: pages (what shows them), their tree, the settings.
        page_published.connect(signals.page_published, dispatch_uid="page-cache-published")
        page_unpublished.connect(signals.page_unpublished, dispatch_uid="page-cache-unpublished")
        post_page_move.connect(page_cache.purge, dispatch_uid="page-cache-moved")
        post_delete.connect(signals.page_deleted, sender=Page, dispatch_uid="page-cache-delete")
        post_save.connect(
            page_cache.purge_on_settings_change, sender=SiteSettings, dispatch_uid="page-cache-site"
        )
