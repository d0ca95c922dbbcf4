"""Header helpers: the site menu and the language switcher."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from ..seo import translations

register = template.Library()


def _home_page(request):
    """The site's home page in the current language, looked up once per request and language
    (the logo, the menu and the language switch all ask)."""
    language = translation.get_language()
    cached = getattr(request, "_localized_home", None)
    if cached is not None and cached[0] == language:
        return cached[1]
    site = Site.find_for_request(request)
    home = site.root_page.localized if site is not None else None
    request._localized_home = (language, home)
    return home


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


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per site language with the URL of this page in that language.

    On a Wagtail page it is the page's translation; when there is none yet, the link goes
    through the language switch view (home.views.switch_language), which lands on the
    nearest translated section and says the page has no version in that language. Elsewhere
    it is the same URL under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    on_page = isinstance(page, Page)
    versions = translations(page) if on_page else {}
    links = []
    for code, name in settings.LANGUAGES:
        if on_page:
            target = versions.get(code)
            if target is not None:
                url = target.get_url(request)
            else:
                query = urlencode({"page": page.pk, "language": code})
                url = f"{reverse('switch-language')}?{query}"
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"/{code}/"
        with translation.override(code):  # each language named in itself
            label = str(name)
        links.append({"code": code, "name": label, "url": url, "current": code == current})
    return links


# "In Russian" on a card listed in the English catalog because it has no English version yet.
LANGUAGE_BADGES = {"ru": _("In Russian"), "en": _("In English")}


@register.simple_tag(takes_context=True)
def language_badge(context, page) -> str:
    """A badge naming the page's language when it is not the one being read, else nothing.

    Compared by id (the active locale's looked up once per request), so cards of the
    visitor's own language cost no query; listings that mix languages join the locale.
    """
    request = context.get("request")
    language = translation.get_language()
    cached = getattr(request, "_active_locale", None)
    if cached is None or cached[0] != language:
        active = Locale.objects.filter(language_code=language).values_list("pk", flat=True)
        cached = (language, active.first())
        if request is not None:
            request._active_locale = cached
    if page.locale_id == cached[1]:
        return ""
    code = page.locale.language_code
    label = LANGUAGE_BADGES.get(code, code.upper())
    return format_html('<span class="badge badge-language">{}</span>', label)
