"""Page routing in two queries instead of two per URL segment.

Wagtail's ``Page.route`` walks down from the home page with a ``.get(slug=…)`` and a
``.specific`` at every level: six queries for a lesson at /ru/courses/<course>/<lesson>/.
Here the home page and every page below it whose slug is one of the URL's segments come in
one query, the walk happens in memory, and only the page found is made specific. A page whose
class routes on its own (``RoutablePageMixin``, any ``route`` override) takes over the rest of
the path exactly as under Wagtail; what is returned, and when a 404 is raised, is the same.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from . import sites


def _routes_itself(page: Page) -> bool:
    model = page.specific_class
    return model is None or model.route is not Page.route


def route(request: HttpRequest, path: str) -> RouteResult | None:
    """``Page.route_for_request(request, path)``, in two queries."""
    site = sites.Site.find_for_request(request)
    if site is None:
        return None
    directory = sites.current()
    home = directory.home(site, directory.locale())
    segments = [segment for segment in path.split("/") if segment]
    wanted = Q(pk=home.page_id)
    if segments:
        wanted |= Q(
            path__startswith=home.path,
            depth__gt=home.depth,
            depth__lte=home.depth + len(segments),
            slug__in=set(segments),
        )
    pages = list(Page.objects.filter(wanted))
    page = next((p for p in pages if p.pk == home.page_id), None)
    if page is None:
        return None
    remaining = segments
    try:
        while not _routes_itself(page):
            if not remaining:
                if not page.live:
                    raise Http404
                return RouteResult(page.specific)
            child = next(
                (
                    p
                    for p in pages
                    if p.depth == page.depth + 1
                    and p.slug == remaining[0]
                    and p.path.startswith(page.path)
                ),
                None,
            )
            if child is None:
                raise Http404
            child._cached_parent_obj = page  # as Wagtail does: get_parent() without a query
            page, remaining = child, remaining[1:]
        return page.specific.route(request, remaining)
    except Http404:
        return None


def serve(request: HttpRequest, path: str):
    """Wagtail's ``serve`` view (hooks, view restrictions, the page's ``serve``), routed here."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route(request, path)
    return wagtail_serve(request, path)
