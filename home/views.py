from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

from core.ids import parse_id

from .languages import landing_page
from .seo import absolute

# Private areas crawlers have no business in (they answer sign-in redirects anyway).
ROBOTS_DISALLOW = ("/admin/", "/accounts/", "/api/", "/*/cabinet/", "/*/search/")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: the private areas left out, and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {absolute('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Said on the page the switch lands on, in its language.
NO_VERSION = {
    "en": _("This page has no English version yet."),
    "ru": _("This page has no Russian version yet."),
}


@require_GET
def switch_language(request: HttpRequest) -> HttpResponse:
    """The header's language link for a page with no version in that language (yet).

    Lands on the page's translation if one has appeared since, else on the nearest section
    that has one (or that language's home page), with a notice saying so.
    """
    codes = [code for code, _name in settings.LANGUAGES]
    code = request.GET.get("language", "")
    if code not in codes:
        code = settings.LANGUAGE_CODE
    locale = Locale.objects.filter(language_code=code).first()
    page_id = parse_id(request.GET.get("page", ""))
    page = Page.objects.live().public().filter(pk=page_id).first() if page_id else None
    target, exact = (
        landing_page(page, locale, Site.find_for_request(request)) if locale else (None, False)
    )
    if not exact:
        with translation.override(code):
            notice = str(NO_VERSION.get(code, _("This page has no version in this language yet.")))
        messages.info(request, notice)
    url = target.get_url(request) if target is not None else f"/{code}/"
    return HttpResponseRedirect(url)
