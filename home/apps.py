from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import fragments, page_cache
        from .models import SiteSettings
        from .site_settings import SiteTexts

        # Anything a cached page or the cached header and footer (home.fragments) may show:
        # pages, their tree and who may see them (the menu lists public pages only), the
        # footer's settings and texts, the sites (the home page of each language).
        for purge, name in ((page_cache.purge, "page-cache"), (fragments.purge, "furniture")):
            for signal in (page_published, page_unpublished, post_page_move):
                signal.connect(purge, dispatch_uid=f"{name}-{signal!r}")
            post_delete.connect(purge, sender=Page, dispatch_uid=f"{name}-delete")
            for model in (PageViewRestriction, SiteTexts, Site):
                for signal in (post_save, post_delete):
                    signal.connect(
                        purge, sender=model, dispatch_uid=f"{name}-{model.__name__}-{signal!r}"
                    )
        post_save.connect(
            page_cache.purge_on_settings_change, sender=SiteSettings, dispatch_uid="page-cache-site"
        )
        post_save.connect(
            fragments.purge_on_settings_change, sender=SiteSettings, dispatch_uid="furniture-site"
        )
