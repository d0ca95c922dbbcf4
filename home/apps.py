from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from . import fragments, page_cache, signals
        from .models import SiteSettings
        from .site_settings import SiteTexts

        # Cached pages: what a page change shows up on (home.signals), everything on a move.
        page_published.connect(signals.page_published, dispatch_uid="page-cache-published")
        page_unpublished.connect(signals.page_unpublished, dispatch_uid="page-cache-unpublished")
        post_page_move.connect(page_cache.purge, dispatch_uid="page-cache-moved")
        # A new slug changes the address of the page and of every page below it, wherever
        # they are linked from (a lesson's text, a post's): as a move does.
        page_slug_changed.connect(page_cache.purge, dispatch_uid="page-cache-slug")
        post_delete.connect(signals.page_deleted, sender=Page, dispatch_uid="page-cache-delete")
        # The cached header and footer (home.fragments): pages, their tree and who may see
        # them (the menu lists public pages only).
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(fragments.purge, dispatch_uid=f"furniture-{signal!r}")
        post_delete.connect(fragments.purge, sender=Page, dispatch_uid="furniture-delete")
        # Both: who may see pages, the footer's texts, the sites (each language's home page).
        for purge, name in ((page_cache.purge, "page-cache"), (fragments.purge, "furniture")):
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
