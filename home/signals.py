"""The anonymous page cache follows the page tree: what a change shows up on is purged, then
home and its sections are rendered again by a worker (home.page_cache)."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from . import page_cache
from .app_settings import app_settings
from .tasks import warm_pages


def _warm_after_commit() -> None:
    # Without a broker the task would render pages inside the editor's request.
    if app_settings.PAGE_CACHE_SECONDS and not settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(warm_pages.delay)


def page_published(instance: Page, **kwargs) -> None:
    page_cache.purge_page(instance)
    _warm_after_commit()


def page_unpublished(instance: Page, **kwargs) -> None:
    page_cache.purge_page(instance, subtree=True)
    _warm_after_commit()


def page_deleted(instance: Page, **kwargs) -> None:
    # Sent for each page of a deleted subtree: no queries here, the rows are going.
    page_cache.purge_page(instance, subtree=True, deleted=True)
