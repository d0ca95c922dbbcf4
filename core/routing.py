"""Page routing in two queries instead of two per URL segment.

Wagtail's ``Page.route`` walks down from the home page with a ``.get(slug=…)`` and a
``.specific`` at every level: six queries for a lesson at /ru/courses/<course>/<lesson>/.
Here the home page and every page below it whose slug is one of the URL's segments come in
one query, the walk happens in memory, and only the page found is made specific. A page whose
class routes on its own (``RoutablePageMixin``, any ``route`` override) takes over the rest of
the path exactly as under Wagtail; what is returned, and when a 404 is raised, is the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import Http404, HttpRequest
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from . import sites


@dataclass(frozen=True)
class _Node:
    pk: int
    path: str
    depth: int
    slug: str
    live: bool
    model: type[Page] | None


def _routes_itself(model: type[Page] | None) -> bool:
    return model is None or model.route is not Page.route


def route(request: HttpRequest, path: str) -> RouteResult | None:
    """``Page.route_for_request(request, path)``, in two queries."""
    site = sites.Site.find_for_request(request)
    if site is None:
        return None
    directory = sites.current()
    home = directory.home(site, directory.locale())
    segments = [segment for segment in path.split("/") if segment]
    # Plain rows, not Page objects: building a page per level costs more than the query.
    nodes = [
        _Node(pk, node_path, depth, slug, live, _model(content_type))
        for pk, node_path, depth, slug, live, content_type in _rows(home, segments)
    ]
    node = next((n for n in nodes if n.pk == home.page_id), None)
    if node is None:
        return None
    remaining = segments
    try:
        while not _routes_itself(node.model):
            if not remaining:
                if not node.live:
                    raise Http404
                return RouteResult(_load(node))
            node = next(
                (
                    n
                    for n in nodes
                    if n.depth == node.depth + 1
                    and n.slug == remaining[0]
                    and n.path.startswith(node.path)
                ),
                None,
            )
            if node is None:
                raise Http404
            remaining = remaining[1:]
        return _load(node).route(request, remaining)
    except Http404:
        return None


def _rows(home: sites.Root, segments: list[str]) -> list[tuple]:
    """The home page and the pages under it that the walk may pass: above the last level,
    those whose slug is one of the URL's segments; at the last level, only those whose parent
    has the segment before's slug. Without that, /courses/<course>/lesson-1/ would bring every
    course's "lesson-1" (a thousand rows on a large catalog) to be discarded in Python.

    Plain SQL (substr and length are SQLite's and PostgreSQL's alike): the ORM took longer to
    compile this than the database to answer it, on every page request.
    """
    table = connection.ops.quote_name(Page._meta.db_table)
    columns = "id, path, depth, slug, live, content_type_id"
    under_home = "substr(path, 1, %s) = %s"
    # Only the table's name and placeholders are formatted in; every value is a parameter.
    sql, params = [f"SELECT {columns} FROM {table} WHERE id = %s"], [home.page_id]  # noqa: S608
    if segments:
        *upper, last = segments
        leaf_depth = home.depth + len(segments)
        prefix = [len(home.path), home.path]
        if upper:
            slugs = sorted(set(upper))
            sql.append(
                f"OR (depth > %s AND depth < %s AND slug IN ({', '.join(['%s'] * len(slugs))})"
                f" AND {under_home})"
            )
            params += [home.depth, leaf_depth, *slugs, *prefix]
            parents = f"SELECT path FROM {table} WHERE depth = %s AND slug = %s AND {under_home}"  # noqa: S608
            sql.append(
                "OR (depth = %s AND slug = %s"
                f" AND substr(path, 1, length(path) - %s) IN ({parents}))"
            )
            params += [leaf_depth, last, Page.steplen, leaf_depth - 1, upper[-1], *prefix]
        else:
            sql.append(f"OR (depth = %s AND slug = %s AND {under_home})")
            params += [leaf_depth, last, *prefix]
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)
        return cursor.fetchall()


def _model(content_type_id: int) -> type[Page] | None:
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _load(node: _Node) -> Page:
    """The page as its own class (what ``.specific`` gives), in one query."""
    model = node.model or Page
    return model._default_manager.get(pk=node.pk)


def serve(request: HttpRequest, path: str):
    """Wagtail's ``serve`` view (hooks, view restrictions, the page's ``serve``), routed here."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route(request, path)
    return wagtail_serve(request, path)
