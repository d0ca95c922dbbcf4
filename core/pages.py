"""The base of every page model of the portal: Wagtail's Page, with the view restrictions
read from the site directory (core.sites) instead of the database on every call.

Wagtail asks the database for all view restrictions each time a queryset calls ``public()``
(one query per call: menus, listings, language links) and for a page's own and its
ancestors' restrictions each time a page is served (two). The directory holds the restricted
pages per generation, bumped by any change to a restriction or a move (core.apps).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.db.models import Q
from django.http import HttpRequest
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page, PageManager, PageViewRestriction, Site
from wagtail.models.pages import WAGTAIL_APPEND_SLASH
from wagtail.query import PageQuerySet

from . import sites


class PortalPageQuerySet(PageQuerySet):
    def private_q(self) -> Q:
        q = Q()
        for path, depth in sites.current().restricted:
            q |= Q(path__startswith=path, depth__gte=depth)
        return q if q else Q(pk__in=[])


class PortalPageManager(PageManager.from_queryset(PortalPageQuerySet)):
    pass


class PortalPage(Page):
    objects = PortalPageManager()

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        # Without any restriction on any site, no page has one; else Wagtail's lookup (it
        # follows aliases to their source pages).
        if not sites.current().restricted:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


# One segment of a page's address as Wagtail's URL pattern takes it (wagtail.urls), and the
# characters reverse() leaves unquoted (django.urls.resolvers: RFC 3986's sub-delims, pchar).
_SEGMENT = re.compile(r"[\w\-]+/")
_SAFE = RFC3986_SUBDELIMS + "/~:@"


class PageAddresses:
    """``Page.get_url(request)`` of many pages from their ``url_path`` alone (no instances).

    Wagtail reverses each page's path under its language; siblings differ only by their last
    segment, which ``reverse()`` quotes character by character. So Wagtail answers once per
    parent, and a child's address is its parent's plus its own segment, quoted the same way;
    anything unusual (a page that is a site's root, a segment the pattern refuses, a parent
    without an address, no trailing slashes) is left to Wagtail.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self._parents: dict[str, str | None] = {}
        roots = getattr(request, "_wagtail_cached_site_root_paths", None)  # core.sites'
        self._roots = {root.root_path for root in roots or Site.get_site_root_paths()}

    def url(self, url_path: str) -> str | None:
        cut = url_path.rfind("/", 0, len(url_path) - 1) + 1
        parent, segment = url_path[:cut], url_path[cut:]
        if parent not in self._parents:
            self._parents[parent] = self._wagtail(parent) if parent else None
        base = self._parents[parent]
        if (
            base is None
            or not WAGTAIL_APPEND_SLASH
            or url_path in self._roots
            or not _SEGMENT.fullmatch(segment)
        ):
            return self._wagtail(url_path)
        return base + quote(segment, safe=_SAFE)

    def _wagtail(self, url_path: str) -> str | None:
        return Page(url_path=url_path).get_url(request=self.request)
