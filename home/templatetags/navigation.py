"""Header helpers: the site menu and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

register = template.Library()


def _home_page(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.simple_tag(takes_context=True)
def site_home(context):
    request = context.get("request")
    return _home_page(request) if request else None


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """Live, public pages directly under the home page marked "show in menus"."""
    request = context.get("request")
    home = _home_page(request) if request else None
    if home is None:
        return []
    return home.get_children().live().public().in_menu().only("id", "title", "url_path", "locale")


def _translations_by_language(page: Page) -> dict[str, Page]:
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    return {p.locale.language_code: p for p in pages}


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per site language with the URL of this page in that language.

    On a Wagtail page it is the page's translation, or the home page in that language when
    the page has none yet; elsewhere the same URL under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    on_page = isinstance(page, Page)
    translations = _translations_by_language(page) if on_page else {}
    home_translations = None
    links = []
    for code, name in settings.LANGUAGES:
        if on_page:
            target = translations.get(code)
            if target is None:
                if home_translations is None:
                    home = _home_page(request)
                    home_translations = _translations_by_language(home) if home else {}
                target = home_translations.get(code)
            url = target.get_url(request) if target else f"/{code}/"
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links
