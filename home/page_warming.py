"""Home and its sections rendered into the anonymous page cache again after a publish, by a
worker, as a visitor's request would render them (home.page_cache)."""

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Site


def _get(handler, environ: dict) -> int:
    statuses: list[str] = []
    response = handler(environ, lambda status, headers, *exc_info: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


def warm() -> int:
    """Render each site's home pages and their menu sections (the catalog among them) into
    the cache, as a visitor's request would; the number of pages stored."""
    handler, factory, stored = WSGIHandler(), RequestFactory(), 0
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
                stored += _get(handler, request.environ) == 200
    return stored
