"""Page routing in two queries instead of two per URL segment.

Wagtail's ``Page.route`` walks down from the home page with a ``.get(slug=…)`` and a
``.specific`` at every level: six queries for a lesson at /ru/courses/<course>/<lesson>/.
Here the home page and every page below it whose slug is one of the URL's segments come in
one query, the walk happens in memory, and only the page found is made specific. A page whose
class routes on its own (``RoutablePageMixin``, any ``route`` override) takes over the rest of
the path exactly as under Wagtail; what is returned, and when a 404 is raised, is the same.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections
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
    # The connection object, not its alias: each thread has its own, and converters are its
    # operations' methods.
    loader = _loader(model, connections[DEFAULT_DB_ALIAS])
    if loader is None:
        return model._default_manager.get(pk=node.pk)
    return loader.load(node.pk)


class _Loader:
    """``model._default_manager.get(pk=…)`` with its SQL, columns and converters worked out
    once per model: the ORM compiled the same eighty-column query for every page request, which
    cost more CPU than running it. Rows become models as Django's ``ModelIterable`` makes them
    (``get_converters``, then ``Model.from_db``); tests/core/test_routing.py compares every page
    model's load with the ORM's."""

    def __init__(self, model: type[Page], compiler, sql: str, columns: list[str], converters):
        self.model, self.sql, self.columns = model, sql, columns
        self.compiler, self.converters = compiler, converters

    def load(self, pk: int) -> Page:
        compiler = self.compiler
        with compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, [pk])
            row = cursor.fetchone()
        if row is None:
            raise self.model.DoesNotExist
        if self.converters:
            row = next(compiler.apply_converters([row], self.converters))
        return self.model.from_db(compiler.connection.alias, self.columns, row)


@functools.lru_cache(maxsize=256)
def _loader(model: type[Page], wrapper) -> _Loader | None:
    """The model's loader on this connection, or None where the manager's query is more than
    one model's columns (related rows, annotations): those go through the ORM."""
    queryset = model._default_manager.db_manager(wrapper.alias).filter(pk=0)
    compiler = queryset.query.get_compiler(connection=wrapper)
    sql, params = compiler.as_sql()
    info = compiler.klass_info
    if list(params) != [0] or info.get("related_klass_infos") or compiler.annotation_col_map:
        return None
    start, end = info["select_fields"][0], info["select_fields"][-1] + 1
    if start != 0 or end != len(compiler.select):
        return None
    fields = [column for column, _sql, _alias in compiler.select]
    columns = [column.target.attname for column in fields]
    return _Loader(model, compiler, sql, columns, compiler.get_converters(fields))


def serve(request: HttpRequest, path: str):
    """Wagtail's ``serve`` view (hooks, view restrictions, the page's ``serve``), routed here."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route(request, path)
    return wagtail_serve(request, path)
