"""Catalog filters, sorting and facet counts: one definition for the catalog page and the API.

The catalog page model builds its context here, so this module works on the querysets it is
given (courses, categories) and never imports the page models.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Case, Count, DecimalField, F, Model, Q, QuerySet, Value, When
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Level
from core.ids import parse_id

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

    def conditions(self, *, skip: str = "") -> Q:
        """The filters as one Q, leaving out one dimension (for that dimension's counts)."""
        q = Q()
        if self.category and skip != "category":
            # By translation key: a course listed untranslated has the category's other version.
            key = self.category.translation_key
            q &= Q(category__translation_key=key) | Q(category__parent__translation_key=key)
        for name, field in (("level", "level"), ("language", "language"), ("type", "course_type")):
            if getattr(self, name) and skip != name:
                q &= Q(**{field: getattr(self, name)})
        if skip != "free":
            if self.free is True:
                q &= Q(price=0)
            elif self.free is False:
                q &= Q(price__gt=0)
        if self.price_min is not None:
            q &= Q(GreaterThanOrEqual(base_price(), self.price_min))
        if self.price_max is not None:
            q &= Q(LessThanOrEqual(base_price(), self.price_max))
        if self.rating_min is not None:
            q &= Q(average_rating__gte=self.rating_min)
        return q


def filter_courses(courses: QuerySet, filters: Filters) -> QuerySet:
    courses = courses.filter(filters.conditions()).alias(base_price=base_price())
    if filters.ordering == "rating":
        mean = ratings.course_mean(courses)
        courses = courses.alias(
            rating_rank=ratings.damped(mean, average="average_rating", count="reviews_count")
        )
    return courses.order_by(*ORDERINGS[filters.ordering])


def facet_counts(courses: QuerySet, filters: Filters) -> dict[str, Counter]:
    """For each filter, how many courses each choice would give with the other filters on.

    One grouped query per dimension; a top category counts its sub-categories' courses too.
    Categories are counted by translation key, so courses of every language add up.
    """

    def grouped(field: str, skip: str) -> Counter:
        rows = (
            courses.filter(filters.conditions(skip=skip))
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
        )
        return Counter({row[field]: row["n"] for row in rows})

    by_category = Counter()
    rows = (
        courses.filter(filters.conditions(skip="category"))
        .order_by()
        .values("category__translation_key", "category__parent__translation_key")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["category__translation_key"]:
            by_category[row["category__translation_key"]] += row["n"]
        if row["category__parent__translation_key"]:
            by_category[row["category__parent__translation_key"]] += row["n"]
    prices = courses.filter(filters.conditions(skip="free")).aggregate(
        free=Count("pk", filter=Q(price=0)), paid=Count("pk", filter=Q(price__gt=0))
    )
    return {
        "category": by_category,
        "level": grouped("level", "level"),
        "language": grouped("language", "language"),
        "type": grouped("course_type", "type"),
        "free": Counter({True: prices["free"], False: prices["paid"]}),
    }


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
    counts = facet_counts(courses, filters)
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
