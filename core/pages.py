"""The base of every page model of the portal: Wagtail's Page, with the view restrictions
read from the site directory (core.sites) instead of the database on every call.

Wagtail asks the database for all view restrictions each time a queryset calls ``public()``
(one query per call: menus, listings, language links) and for a page's own and its
ancestors' restrictions each time a page is served (two). The directory holds the restricted
pages per generation, bumped by any change to a restriction or a move (core.apps).
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page, PageManager, PageViewRestriction
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
