"""Catalog filters, sorting and facet counts: one definition for the catalog page and the API.

The catalog page model builds its context here, so this module works on the querysets it is
given (courses, categories) and never imports the page models.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Level
from core.ids import parse_id
from home import page_cache

from . import icons, ratings
from .app_settings import app_settings
from .choices import CourseType
from .paging import paginate

ORDERINGS = {
    "newest": ("-first_published_at", "-pk"),
    "popular": ("-students_count", "-first_published_at", "-pk"),
    # The damped average (courses.ratings), not the plain mean: one 5★ review does not outrank
    # two hundred 4.8s.
    "rating": (ratings.best_rated(), "-reviews_count", "-pk"),
    "price": (F("base_price").asc(nulls_last=True), "-first_published_at", "-pk"),
    "-price": (F("base_price").desc(nulls_last=True), "-first_published_at", "-pk"),
}


def base_price(field: str = "price") -> Case:
    """The price in roubles, the base currency (``CATALOG_EXCHANGE_RATES``): what sorting by
    price and the price range compare across currencies; None for a currency without a rate.
    ``field``: the price's field (a tutor's is ``hourly_price``), beside a ``currency``."""
    return Case(
        *[
            When(currency=code, then=F(field) * Value(Decimal(str(rate))))
            for code, rate in app_settings.CATALOG_EXCHANGE_RATES.items()
        ],
        default=None,
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )


class PriceRangeForm(forms.Form):
    """A list's query string with a price range (``price_min``, ``price_max``): the upper
    price may not be below the lower one (the catalog's and the tutor list's rule)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The upper price is below the lower one."))
        return data


class CatalogForm(PriceRangeForm):
    """The catalog's query string. Every field is optional; a bad value is a field error."""

    category = forms.CharField(label=_("Category"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=Level.choices)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=settings.LANGUAGES)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=CourseType.choices)
    # true or false, nothing else: an unknown value is an error, not "any price".
    free = forms.TypedChoiceField(
        label=_("Free"),
        required=False,
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    # In roubles, like sorting: a course in another currency is compared by its converted price.
    price_min = forms.DecimalField(label=_("Price from, ₽"), required=False, min_value=0)
    price_max = forms.DecimalField(label=_("Price to, ₽"), required=False, min_value=0)
    rating_min = forms.DecimalField(
        label=_("Rating from"), required=False, min_value=0, max_value=5
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("popular", _("Most popular")),
            ("rating", _("Best rated")),
            ("price", _("Cheapest first")),
            ("-price", _("Most expensive first")),
        ],
    )

    def __init__(self, *args, categories: QuerySet, **kwargs) -> None:
        """``categories``: the categories a visitor may pick (those of the catalog's language)."""
        super().__init__(*args, **kwargs)
        self.categories = categories

    def clean_category(self) -> Model | None:
        value = self.cleaned_data["category"].strip()
        if not value:
            return None
        number = parse_id(value)
        lookup = Q(slug=value) | (Q(pk=number) if number is not None else Q())
        category = self.categories.filter(lookup).first()
        if category is None:
            raise forms.ValidationError(_("There is no such category."), code="unknown")
        return category


@dataclass(frozen=True)
class Filters:
    category: Model | None = None  # a courses.Category
    level: str = ""
    language: str = ""
    type: str = ""
    free: bool | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    rating_min: Decimal | None = None
    ordering: str = "newest"

    @classmethod
    def from_form(cls, form: CatalogForm) -> "Filters":
        if not form.is_valid():
            return cls()
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        return cls(**data)

    def parts(self) -> dict[str, Q]:
        """Each filter as a Q by its name; a filter that is off is left out."""
        parts = {}
        if self.category:
            # By translation key: a course listed untranslated has the category's other version.
            key = self.category.translation_key
            parts["category"] = Q(category__translation_key=key) | Q(
                category__parent__translation_key=key
            )
        for name, field in (("level", "level"), ("language", "language"), ("type", "course_type")):
            if getattr(self, name):
                parts[name] = Q(**{field: getattr(self, name)})
        if self.free is True:
            parts["free"] = Q(price=0)
        elif self.free is False:
            parts["free"] = Q(price__gt=0)
        if self.price_min is not None:
            parts["price_min"] = Q(GreaterThanOrEqual(base_price(), self.price_min))
        if self.price_max is not None:
            parts["price_max"] = Q(LessThanOrEqual(base_price(), self.price_max))
        if self.rating_min is not None:
            parts["rating_min"] = Q(average_rating__gte=self.rating_min)
        return parts

    def conditions(self, *, skip: str = "") -> Q:
        """The filters as one Q, leaving out one dimension (for that dimension's counts)."""
        return _all(q for name, q in self.parts().items() if name != skip)


def _all(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def filter_courses(courses: QuerySet, filters: Filters) -> QuerySet:
    courses = courses.filter(filters.conditions()).alias(base_price=base_price())
    if filters.ordering == "rating":
        mean = ratings.course_mean(courses)
        courses = courses.alias(
            rating_rank=ratings.damped(mean, average="average_rating", count="reviews_count")
        )
    return courses.order_by(*ORDERINGS[filters.ordering])


# The filters that have counts: each choice's count leaves that filter's own choice out.
DIMENSIONS = ("category", "level", "language", "type", "free")


def facet_counts(courses: QuerySet, filters: Filters) -> dict[str, Counter]:
    """For each filter, how many courses each choice would give with the other filters on.

    One grouped query: the courses the filters without counts leave (price range, rating),
    counted by category (and its parent), level, language, type and free or paid; each
    dimension's counts are then summed here over the groups that pass the other dimensions'
    filters. A few hundred groups at most (categories × levels × languages × types × 2), and
    one query instead of five (~7 ms on 1,000 courses); conditional aggregates (COUNT …
    FILTER per choice) cost more to build in the ORM than the five queries did.
    A top category counts its sub-categories' courses too; categories are counted by
    translation key, so courses of every language add up.
    """
    parts = filters.parts()
    rows = (
        courses.filter(_all(q for name, q in parts.items() if name not in DIMENSIONS))
        .order_by()
        .annotate(
            is_free=Case(
                When(price=0, then=Value(True)),
                When(price__gt=0, then=Value(False)),
                default=None,
                output_field=BooleanField(),
            )
        )
        .values(
            "category__translation_key",
            "category__parent__translation_key",
            "level",
            "language",
            "course_type",
            "is_free",
        )
        .annotate(n=Count("pk"))
    )
    key = filters.category.translation_key if filters.category else None
    wanted = {
        "category": None if key is None else (lambda row: key in row["categories"]),
        "level": filters.level and (lambda row: row["level"] == filters.level),
        "language": filters.language and (lambda row: row["language"] == filters.language),
        "type": filters.type and (lambda row: row["course_type"] == filters.type),
        "free": None if filters.free is None else (lambda row: row["is_free"] == filters.free),
    }
    counts = {name: Counter() for name in DIMENSIONS}
    for row in rows:
        row["categories"] = {
            row["category__translation_key"],
            row["category__parent__translation_key"],
        } - {None}
        passes = {name: not test or test(row) for name, test in wanted.items()}
        for name in DIMENSIONS:
            if not all(ok for other, ok in passes.items() if other != name):
                continue
            if name == "category":
                for category in row["categories"]:
                    counts[name][category] += row["n"]
            elif name == "type":
                counts[name][row["course_type"]] += row["n"]
            elif name == "free":
                if row["is_free"] is not None:
                    counts[name][row["is_free"]] += row["n"]
            else:
                counts[name][row[name]] += row["n"]
    return counts


# The counts change only with content (a publish, a category, a review's rating), and every
# such change bumps the content generation (home.page_cache) they are stored under.
FACETS_CACHE_SECONDS = 3600


def cached_facet_counts(request: HttpRequest, courses: QuerySet, filters: Filters) -> dict:
    """`facet_counts` from the shared cache, keyed by the catalog's address, the language and
    the filters (the address stands for ``courses``: one catalog page lists one set)."""
    category = filters.category.pk if filters.category else None
    dimensions = (category, filters.level, filters.language, filters.type, filters.free)
    ranges = (filters.price_min, filters.price_max, filters.rating_min)
    identity = repr((request.path, translation.get_language(), dimensions, ranges))
    key = "catalog-facets:" + hashlib.sha256(identity.encode()).hexdigest()
    current, found = page_cache.read([key])
    if key in found:
        return found[key]
    counts = facet_counts(courses, filters)
    page_cache.write(key, current, counts, FACETS_CACHE_SECONDS)
    return counts


@dataclass(frozen=True)
class Choice:
    label: str
    url: str
    active: bool
    count: int | None = None
    icon: str = ""  # a category's (courses/icons.txt); drawn by the template


@dataclass(frozen=True)
class RangeField:
    """A number input of a list's filter form (templates/courses/includes/list_filters.html)."""

    name: str
    label: str
    value: str
    max: str = ""
    step: str = "1"


RANGE_FIELDS = (("price_min", "", "1"), ("price_max", "", "1"), ("rating_min", "5", "0.1"))


def range_fields(request: HttpRequest, form: forms.Form) -> list[RangeField]:
    """The price and rating inputs, labelled by ``form``, holding what the query has."""
    return [
        RangeField(name, str(form.fields[name].label), request.GET.get(name, ""), top, step)
        for name, top, step in RANGE_FIELDS
    ]


def _link(request: HttpRequest, name: str, value: Any) -> str:
    """This catalog URL with one filter set (or cleared with None), back on page one."""
    query = request.GET.copy()
    query.pop("page", None)
    if value in (None, ""):
        query.pop(name, None)
    else:
        query[name] = str(value)
    return f"?{query.urlencode()}" if query else "?"


def _facet(request, name, current, options, counts) -> list[Choice]:
    """An "any" link, then each option with its count; options are (value, label) pairs."""
    choices = [Choice(str(_("Any")), _link(request, name, None), current in (None, ""))]
    for value, label in options:
        count = counts.get(value, 0)
        choices.append(Choice(str(label), _link(request, name, value), current == value, count))
    return choices


def catalog_page_context(
    request: HttpRequest, *, courses: QuerySet, categories: QuerySet
) -> dict[str, Any]:
    """The catalog page's filters, facets and one page of ``courses`` (those it lists).

    ``categories`` are the ones of the catalog's language.
    """
    form = CatalogForm(request.GET, categories=categories)
    filters = Filters.from_form(form)
    counts = cached_facet_counts(request, courses, filters)
    categories = list(categories.order_by("sort_order", "name"))
    category_choices = [
        Choice(str(_("Any")), _link(request, "category", None), not filters.category)
    ]
    top = [c for c in categories if c.parent_id is None]
    for parent in top:
        for category in [parent, *[c for c in categories if c.parent_id == parent.pk]]:
            sub = category.parent_id is not None
            category_choices.append(
                Choice(
                    f"— {category.name}" if sub else category.name,
                    _link(request, "category", category.slug),
                    filters.category == category,
                    counts["category"].get(category.translation_key, 0),
                    "" if sub else category.icon or icons.DEFAULT,
                )
            )
    page = paginate(filter_courses(courses, filters).for_listing(), request)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "filters": filters,
        "courses": page,
        "query_string": query.urlencode(),
        "facets": [
            (_("Category"), category_choices),
            (_("Level"), _facet(request, "level", filters.level, Level.choices, counts["level"])),
            (
                _("Type"),
                _facet(request, "type", filters.type, CourseType.choices, counts["type"]),
            ),
            (
                _("Language"),
                _facet(
                    request, "language", filters.language, settings.LANGUAGES, counts["language"]
                ),
            ),
            (
                _("Price"),
                _facet(
                    request,
                    "free",
                    {True: "true", False: "false"}.get(filters.free),
                    [("true", _("Free")), ("false", _("Paid"))],
                    {"true": counts["free"][True], "false": counts["free"][False]},
                ),
            ),
        ],
        "orderings": [
            Choice(str(label), _link(request, "ordering", value), filters.ordering == value)
            for value, label in form.fields["ordering"].choices
        ],
        "range_fields": range_fields(request, form),
        "range_names": [*(name for name, _top, _step in RANGE_FIELDS), "page"],
        "is_filtered": any(request.GET.get(name) for name in form.fields if name != "ordering"),
        "clear_url": "?",
    }
