"""The <head> of every page (templates/includes/seo_head.html) and the site's texts by language.

`seo` gathers what the head shows; `site_texts` is the footer's and the description's text in
the visitor's language (home.site_settings), kept with the page furniture (home.fragments).
"""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from .. import fragments, parts
from ..seo import absolute, base_url, describe, og_image, page_url, translations
from ..site_settings import SiteSettings, Texts, texts_for

register = template.Library()


def _texts(request: HttpRequest | None, page=None) -> Texts:
    """The site's texts in the current language, from the furniture cache (home.fragments)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    furniture = fragments.for_request(request, page)
    texts = furniture.get("texts")
    if texts is None:
        site = Site.find_for_request(request) if request is not None else None
        site = site or Site.objects.filter(is_default_site=True).first()
        texts = texts_for(SiteSettings.for_site(site), language)
        furniture.put("texts", texts)
    return texts


@register.simple_tag(takes_context=True)
def site_texts(context) -> Texts:
    """The footer text, description and contact address in the current language."""
    return _texts(context.get("request"), context.get("page"))


def _language_order(code: str) -> int:
    codes = [language for language, _name in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)


def _page_links(page: Page, request) -> tuple[str | None, list[tuple[str, str]]]:
    """The page's canonical address and its translations' addresses by language."""
    alternates = []
    versions = sorted(translations(page).items(), key=lambda item: _language_order(item[0]))
    for code, version in versions:
        url = page_url(version, request)
        if url:
            alternates.append((code, url))
    return page_url(page, request), alternates


def _view_links(request) -> tuple[str | None, list[tuple[str, str]]]:
    """A page that is a view: its path is its canonical; language-prefixed views have both."""
    path = request.path
    alternates = []
    prefixed = any(path.startswith(f"/{code}/") for code, _name in settings.LANGUAGES)
    if prefixed:
        codes = [code for code, _name in settings.LANGUAGES]
        alternates = [(code, absolute(translate_url(path, code))) for code in codes]
    return absolute(path), alternates


@register.simple_tag(takes_context=True)
def seo(context) -> dict:
    """Description, canonical, hreflang alternates (with x-default), the Open Graph image."""
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if page is None:
        if request is None:
            return _meta(None, None)
        # A view's head: its addresses and the site's description, kept with the furniture.
        return parts.shared_value(
            request,
            "view-head",
            (request.path,),
            lambda: _meta(request, None),
            only=(fragments.GENERATION_KEY,),
        )
    # A page's head is the same for everyone: kept until the page, a translation of it or the
    # site changes (home.parts, under the page's counters).
    return parts.shared_value(
        request, "head", (page.pk,), lambda: _meta(request, page), path=page.path
    )


def _meta(request, page: Page | None) -> dict:
    if page is not None:
        canonical, alternates = _page_links(page, request)
    elif request is not None:
        canonical, alternates = _view_links(request)
    else:
        canonical, alternates = None, []
    default = dict(alternates).get(settings.LANGUAGE_CODE)
    return {
        "description": describe(page, _texts(request, page).description),
        "canonical": canonical,
        # A single version has nothing to point at: hreflang is for pairs.
        "alternates": alternates if len(alternates) > 1 else [],
        "x_default": default if len(alternates) > 1 else None,
        "image": og_image(page),
        "site_url": base_url(),
    }
