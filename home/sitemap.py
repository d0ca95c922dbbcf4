"""/sitemap.xml: every live, public page of every language, each with its translations.

Wagtail's own sitemap lists the pages under the site's root page, which is the home page of
one language only, and names them by the Site's hostname. This one lists the pages of all the
home page's translations, on the site's public address (home.seo), with an
``<xhtml:link rel="alternate" hreflang>`` for each version of a page (itself included).
"""

from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .seo import page_url


class TranslatedSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        pages = Page.objects.none()
        for home in homes:
            pages |= Page.objects.descendant_of(home, inclusive=True)
        return (
            pages.live()
            .public()
            .select_related("locale")
            .only(
                "id",
                "url_path",
                "translation_key",
                "locale",
                "last_published_at",
                "latest_revision_created_at",
                "depth",
                "path",
            )
            .order_by("path")
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        versions: dict = defaultdict(list)
        for item in pages:
            url = page_url(item, self.request)
            if url:
                versions[item.translation_key].append((item.locale.language_code, url))
        urls = []
        for item in pages:
            location = page_url(item, self.request)
            if not location:
                continue
            alternates = versions[item.translation_key]
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": (
                        [{"lang_code": code, "location": url} for code, url in alternates]
                        if len(alternates) > 1
                        else []
                    ),
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
