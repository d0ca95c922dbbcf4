"""Pages across languages: what a listing in one language shows (its pages and the ones not
translated into it yet), and where the language switch lands (a page's version in another
language, or the nearest section above it that has one, or that language's home page)."""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from wagtail.models import Locale, Page, Site


def landing_page(page: Page | None, locale: Locale, site: Site | None) -> tuple[Page | None, bool]:
    """(the page to land on, whether it is `page`'s own translation).

    One query for the page and its ancestors' live, public versions in `locale`; the deepest
    one wins. Without any, the site's home page in that language (or None).
    """
    if page is not None:
        keys = page.get_ancestors(inclusive=True).filter(depth__gt=1).values("translation_key")
        found = (
            Page.objects.live()
            .public()
            .filter(locale=locale, translation_key__in=keys)
            .order_by("-depth")
            .first()
        )
        if found is not None:
            return found, found.translation_key == page.translation_key
    home = site.root_page.get_translation_or_none(locale) if site is not None else None
    return (home if home is not None and home.live else None), False


def shown_in(pages: QuerySet, locale: Locale) -> QuerySet:
    """`pages` as listed to a visitor reading `locale`: the pages in that language and, for
    those not (yet) translated into it, their version in the main language (or, lacking one,
    in whatever language they have). One query; the caller badges the others' language.

    With more than two languages, a page that exists only in two other ones is listed twice.
    """
    model = pages.model
    default = Locale.get_default()

    def live_in(language: Locale) -> Exists:
        same = model.objects.live().filter(translation_key=OuterRef("translation_key"))
        return Exists(same.filter(locale=language))

    untranslated = ~live_in(locale) & (Q(locale=default) | ~live_in(default))
    return pages.filter(Q(locale=locale) | untranslated)


def own_language_first(locale: Locale) -> Case:
    """An ordering term: pages in `locale` before the untranslated ones `shown_in` adds."""
    return Case(When(locale=locale, then=Value(0)), default=Value(1), output_field=IntegerField())
