"""Home and its sections rendered into the anonymous page cache again after a publish, by a
worker, as a visitor's request would render them (home.page_cache)."""

from django.core.handlers.base import BaseHandler
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Site


def _handler() -> BaseHandler:
    # The middleware chain without WSGIHandler's request_started/finished signals: those close
    # the database connection between requests, which is the worker's to manage (and, in a
    # test's transaction, would drop it).
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def warm() -> int:
    """Render each site's home pages and their menu sections (the catalog among them) into
    the cache, as a visitor's request would; the number of pages stored."""
    handler, factory, stored = _handler(), RequestFactory(), 0
    with translation.override(translation.get_language()):  # requests switch the language
        for site in Site.objects.select_related("root_page"):
            homes = [site.root_page, *site.root_page.get_translations().live()]
            sections = [p for home in homes for p in home.get_children().live().public().in_menu()]
            for page in homes + sections:
                parts = page.get_url_parts()
                if parts is None:
                    continue
                _site_id, root_url, path = parts
                host = root_url.split("://", 1)[-1] if root_url else site.hostname
                request = factory.get(path, HTTP_HOST=host, secure=root_url.startswith("https"))
                stored += handler.get_response(request).status_code == 200
    return stored
