from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
        from wagtail.signals import post_page_move

        from . import (
            checks,  # noqa: F401 - registers the deploy check of shared state
            sites,
        )
        from .ids import IdConverter  # the URL converter every app's routes may use: <id:pk>
        from .observability import celery_signals  # noqa: F401 (connects its receivers)
        from .observability.db import count_queries

        register_converter(IdConverter, "id")
        connection_created.connect(count_queries, dispatch_uid="core.count_queries")

        # The site directory (core.sites) is rebuilt after any change to what it holds.
        for model in (Site, Locale, PageViewRestriction):
            for signal in (post_save, post_delete):
                signal.connect(sites.purge, sender=model, dispatch_uid=f"sites-{model.__name__}")
        for model in {Page, *get_page_models()}:
            for signal in (post_save, post_delete):
                signal.connect(
                    sites.purge_on_page_change,
                    sender=model,
                    dispatch_uid=f"sites-{model._meta.label}-{signal!r}",
                )
        post_page_move.connect(sites.purge_on_move, dispatch_uid="sites-moved")
