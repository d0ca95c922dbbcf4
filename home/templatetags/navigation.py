"""Header helpers: the site menu, the language switcher and the cached furniture blocks."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Locale, Page, Site

from core import personal

from .. import fragments, parts
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
    """Live, public pages directly under the home page marked "show in menus" (read once per
    request and language: the header and the footer both ask when neither is cached)."""
    request = context.get("request")
    home = _home_page(request) if request else None
    if home is None:
        return []
    language = translation.get_language()
    cached = getattr(request, "_menu_pages", None)
    if cached is not None and cached[0] == language:
        return cached[1]
    pages = home.get_children().live().public().in_menu().only("id", "title", "url_path", "locale")
    request._menu_pages = (language, list(pages))
    return request._menu_pages[1]


class FurnitureNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context) -> str:
        furniture = fragments.for_request(context.get("request"), context.get("page"))
        html = furniture.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            furniture.put(self.name, html)
        return html


@register.tag
def furniture(parser, token):
    """``{% furniture "header" %}…{% endfurniture %}``: the enclosed HTML from the shared cache,
    rendered on a miss (home.fragments says what each one's key holds, so what is enclosed
    must depend on nothing else)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1].strip("\"'") not in fragments.FRAGMENTS:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes one of {', '.join(fragments.FRAGMENTS)} in quotes"
        )
    nodelist = parser.parse(("endfurniture",))
    parser.delete_first_token()
    return FurnitureNode(bits[1].strip("\"'"), nodelist)


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
    if isinstance(page, Page):  # the same for everyone: kept until it or a translation changes
        return parts.shared_value(
            request,
            "languages",
            (page.pk,),
            lambda: _language_links(request, page),
            path=page.path,
        )
    return _language_links(request, None)


def _language_links(request, page: Page | None) -> list[dict]:
    current = translation.get_language()
    on_page = page is not None
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


USERBAR_SECONDS = 5 * 60


def may_open_admin(user) -> bool:
    """Whether the person may open the admin, asked once per person every few minutes:
    Django loads every permission of the person to answer (two queries). A link shown or
    hidden a few minutes late is all a changed permission costs: the admin checks it on
    every request."""
    if user is None or not user.is_authenticated:
        return False
    # Kept about the person (core.personal): read with the page's other kept values.
    return personal.kept(
        user,
        "may-open-admin",
        (),
        lambda: user.has_perm("wagtailadmin.access_admin"),
        timeout=USERBAR_SECONDS,
    )


@register.simple_tag(takes_context=True)
def admin_link_shown(context) -> bool:
    """``{% admin_link_shown as shown %}``: the cabinet's "Editor's admin" link."""
    request = context.get("request")
    return may_open_admin(getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def userbar(context, position: str = "bottom-right") -> str:
    """Wagtail's userbar for people who may open the admin (``may_open_admin``): Wagtail's
    own tag loads every permission of every signed-in learner on each page."""
    request = context.get("request")
    return (
        wagtailuserbar(context, position) if may_open_admin(getattr(request, "user", None)) else ""
    )
