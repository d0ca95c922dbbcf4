"""Sites, each language's home page, the locales and whether any page is restricted: read from
the database once per process and generation instead of on every request.

Wagtail asks the database on every page request for the request's site (a query), the
locale (a query per ``Locale.get_active()``) and the site root paths (a cache GET). Here they
are kept in process memory as a read-through copy of the database: each request compares the
copy's generation with the shared counter ``sites:generation`` (one cache GET, in
``SiteDirectoryMiddleware``), and any change to a Site, a Locale, a site's home page or its
translations, or a view restriction bumps that counter (core.apps), so every process builds
its copy again on its next request. Nothing lives only in one process.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.models.sites import SiteRootPath

from . import generations

GENERATION_KEY = "sites:generation"


@dataclass(frozen=True)
class Root:
    """A site's home page in one language, as the router starts from it."""

    page_id: int
    path: str
    depth: int


@dataclass
class Directory:
    generation: int
    sites: list[Site]
    root_paths: list[SiteRootPath]
    locales: dict[str, Locale]
    # (site id, locale id) -> the live home page in that language (Wagtail's `localized`)
    homes: dict[tuple[int, int], Root]
    # (path, depth) of every page with a view restriction: it and its subtree are private
    restricted: tuple[tuple[str, int], ...]
    _by_host: dict[tuple[str, int], Site | None] = field(default_factory=dict)

    def site_for(self, hostname: str, port: int) -> Site | None:
        """wagtail.models.sites.get_site_for_hostname's choice, without the query."""
        key = (hostname, port)
        if key in self._by_host:
            return self._by_host[key]
        site = _choose(self.sites, hostname, port)
        if site is not None and site.hostname == hostname:  # no entry per unknown Host header
            self._by_host[key] = site
        return site

    def locale(self, language_code: str | None = None) -> Locale | None:
        """``Locale.get_active()`` (or for ``language_code``) without the query."""
        code = language_code or translation.get_language() or settings.LANGUAGE_CODE
        return self.locales.get(code) or self.locales.get(code.split("-")[0]) or _default(self)

    def home(self, site: Site, locale: Locale | None) -> Root:
        """``site.root_page.localized``: the home page in the locale when it is live."""
        if locale is not None and (found := self.homes.get((site.pk, locale.pk))):
            return found
        root = site.root_page
        return Root(root.pk, root.path, root.depth)


def _default(directory: Directory) -> Locale | None:
    return directory.locales.get(settings.LANGUAGE_CODE) or next(
        iter(directory.locales.values()), None
    )


def _choose(sites: list[Site], hostname: str, port: int) -> Site | None:
    # The same order of preference as Wagtail's query: host and port, host on the default
    # site, the default site, then a host alone (unique).
    def rank(site: Site) -> int:
        if site.hostname == hostname:
            return 0 if site.port == port else 1 if site.is_default_site else 3
        return 2

    matching = sorted((s for s in sites if s.hostname == hostname or s.is_default_site), key=rank)
    if not matching:
        return None
    best = rank(matching[0])
    if len(matching) == 1 or best in (0, 1):
        return matching[0]
    if best == 2:
        return matching[len(matching) == 2]
    return None


def _build(generation: int) -> Directory:
    sites = list(Site.objects.select_related("root_page", "root_page__locale"))
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    roots = {site.root_page.translation_key: site for site in sites}
    translations = list(
        Page.objects.filter(translation_key__in=roots)
        .select_related("locale")
        .only("pk", "path", "depth", "url_path", "live", "translation_key", "locale")
    )
    homes: dict[tuple[int, int], Root] = {}
    root_paths: list[SiteRootPath] = []
    for page in translations:
        site = roots[page.translation_key]
        if page.live or page.pk == site.root_page_id:
            homes[(site.pk, page.locale_id)] = Root(page.pk, page.path, page.depth)
        root_paths.append(
            SiteRootPath(site.pk, page.url_path, site.root_url, page.locale.language_code)
        )
    # Wagtail's order: the most specific path first, the default site before others.
    default = {site.pk: site.is_default_site for site in sites}
    hostname = {site.pk: site.hostname for site in sites}
    root_paths.sort(key=lambda r: hostname[r.site_id])
    root_paths.sort(key=lambda r: not default[r.site_id])
    root_paths.sort(key=lambda r: r.root_path, reverse=True)
    return Directory(
        generation=generation,
        sites=sites,
        root_paths=root_paths,
        locales=locales,
        homes=homes,
        restricted=tuple(
            PageViewRestriction.objects.values_list("page__path", "page__depth").distinct()
        ),
    )


_copy: Directory | None = None  # this process's read-through copy (see the module's note)
# Inside a request: its directory, or _PENDING until something needs it; None outside.
_PENDING: Any = object()
_this_request: ContextVar[Any] = ContextVar("site_directory", default=None)


def refresh(build: bool = True) -> Directory | None:
    """The directory as of the shared generation (one cache GET), rebuilt when the counter
    moved; with ``build=False``, None instead of a rebuild."""
    global _copy
    current = generations.generation(GENERATION_KEY)
    copy = _copy
    if copy is None or copy.generation != current:
        if not build:
            return None
        copy = _copy = _build(current)
    return copy


def current() -> Directory:
    """This request's directory (checked once per request), else a fresh check."""
    directory = _this_request.get()
    if directory is None:  # outside a request (a task, a shell): check every time
        return refresh()
    if directory is _PENDING:
        directory = refresh()
        _this_request.set(directory)  # the middleware's reset() ends it with the request
    return directory


def purge(**kwargs: Any) -> None:
    """Signal receiver: sites, locales, home pages or restrictions changed."""
    generations.bump(GENERATION_KEY)


def purge_on_page_change(instance: Page, **kwargs: Any) -> None:
    # Home pages (and their translations) are at depth 2; deeper pages are no site's root.
    if instance.depth is not None and instance.depth <= 2:
        purge()


def purge_on_move(**kwargs: Any) -> None:
    # A move changes the paths of a subtree, restricted pages' among them.
    purge()


def _port(request: HttpRequest) -> int:
    try:
        return int(request.get_port())
    except (TypeError, ValueError):
        return 0


class SiteDirectoryMiddleware:
    """Gives Wagtail the request's site and root paths from the directory (no query).

    It never builds the directory: after a change, the first request that needs it (routing a
    page, ``active_locale``, ``public()``) does, and Wagtail looks the site up itself once;
    an API call that needs no site costs no more than the cache GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    # Probes and metrics answer without the database or the cache; static files need no site.
    SKIPPED = ("/healthz", "/readyz", "/metrics", "/static/")

    def __call__(self, request: HttpRequest):
        if request.path_info.startswith(self.SKIPPED):
            return self.get_response(request)
        directory = refresh(build=False)
        if directory is not None:
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = directory.site_for(hostname, _port(request))
            request._wagtail_cached_site_root_paths = directory.root_paths
        token = _this_request.set(directory or _PENDING)
        try:
            return self.get_response(request)
        finally:
            _this_request.reset(token)


def site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request`` from the directory (the one the middleware set, if any)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    site = request._wagtail_site = current().site_for(hostname, _port(request))
    return site


def active_locale(language_code: str | None = None) -> Locale:
    """``Locale.get_active()`` from the directory."""
    locale = current().locale(language_code)
    return locale if locale is not None else Locale.get_active()
