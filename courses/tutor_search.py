"""The tutor list's filters and sorting: one definition for the tutors page and the API.

Subject (a category, its sub-categories too, by translation key so an untranslated tutor's
subjects count), lesson language, level taught, price per hour (in roubles, converted like the
catalog's), lowest rating (the plain mean, as the catalog's "rating from"), "free on" weekdays
and times of day (``courses.free_time``, answered by the timetable app), and the order:
relevance (the list's own order), price either way, or best rated (the damped average of
``courses.ratings``). Every filter is a condition or a subquery: the list costs the same
queries whatever the number of tutors.

The level taught (``courses.levels_taught``, answered by the tutoring app, which keeps the
levels tutors list; one who lists none teaches every level) is a facet with its counts, one
query for all levels.

Like ``courses.catalog`` this module never imports the page models: it works on the
querysets it is given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Count, F, Model, Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import TeacherProfile
from core.ids import parse_id

from . import free_time, icons, levels_taught, ratings
from .catalog import RANGE_FIELDS, Choice, PriceRangeForm, _facet, _link, base_price, range_fields
from .paging import paginate

MAX_PRICE = Decimal("99999999.99")  # what a price column (10 digits, 2 decimals) holds
WEEKDAY_CHOICES = [
    ("0", _("Mon")),
    ("1", _("Tue")),
    ("2", _("Wed")),
    ("3", _("Thu")),
    ("4", _("Fri")),
    ("5", _("Sat")),
    ("6", _("Sun")),
]
ORDERINGS = {
    "price": (F("base_price").asc(nulls_last=True), "path"),
    "-price": (F("base_price").desc(nulls_last=True), "path"),
    "rating": (ratings.best_rated(), "-user__teacher_profile__reviews_count", "path"),
}


class TutorSearchForm(PriceRangeForm):
    """The tutor list's query string. Every field is optional; a bad value is a field error,
    an unknown subject matches no tutor."""

    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=_("Language of lessons"), required=False, choices=settings.LANGUAGES
    )
    level = forms.ChoiceField(label=_("Level taught"), required=False, choices=[])
    price_min = forms.DecimalField(
        label=_("Price per hour from, ₽"), required=False, min_value=0, max_value=MAX_PRICE
    )
    price_max = forms.DecimalField(
        label=_("Price per hour to, ₽"), required=False, min_value=0, max_value=MAX_PRICE
    )
    rating_min = forms.DecimalField(
        label=_("Rating from"), required=False, min_value=0, max_value=5
    )
    weekday = forms.TypedMultipleChoiceField(
        label=_("Free on"), required=False, choices=WEEKDAY_CHOICES, coerce=int
    )
    time_of_day = forms.MultipleChoiceField(
        label=_("Time of day"), required=False, choices=free_time.TIME_OF_DAY_CHOICES
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Relevance")),
            ("rating", _("Best rated")),
            ("price", _("Cheapest first")),
            ("-price", _("Most expensive first")),
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels_taught.choices()

    def clean_subject(self) -> str:
        value = self.cleaned_data["subject"].strip()
        if "\x00" in value:
            raise forms.ValidationError(_("There is no such category."), code="unknown")
        return value


@dataclass(frozen=True)
class TutorFilters:
    subject: str = ""  # a category's slug or id, in any language
    language: str = ""
    level: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    rating_min: Decimal | None = None
    weekday: list[int] = field(default_factory=list)
    time_of_day: list[str] = field(default_factory=list)
    ordering: str = "relevance"

    @classmethod
    def from_form(cls, form: TutorSearchForm) -> TutorFilters:
        if not form.is_valid():
            return cls()
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        return cls(**data)

    @property
    def free_on(self) -> bool:
        return bool(self.weekday or self.time_of_day) and free_time.is_available()

    def conditions(self, categories: QuerySet, *, skip: str = "") -> Q:
        """The filters as one Q (subqueries, no query of its own), leaving out one dimension
        (for that dimension's counts). ``categories``: every category (the subject's lookup)."""
        q = Q()
        if self.subject and skip != "subject":
            lookup = Q(slug=self.subject)
            if (number := parse_id(self.subject)) is not None:
                lookup |= Q(pk=number)
            keys = categories.filter(lookup).values("translation_key")
            q &= Q(subjects__translation_key__in=keys) | Q(
                subjects__parent__translation_key__in=keys
            )
        if self.language and skip != "language":
            q &= Q(lesson_languages__language=self.language)
        if self.level and skip != "level" and levels_taught.is_available():
            q &= Q(user_id__in=levels_taught.tutors_teaching(self.level))
        if self.price_min is not None:
            q &= Q(GreaterThanOrEqual(base_price("hourly_price"), self.price_min))
        if self.price_max is not None:
            q &= Q(LessThanOrEqual(base_price("hourly_price"), self.price_max))
        if self.rating_min is not None:
            q &= Q(user__teacher_profile__rating__gte=self.rating_min)
        if self.free_on:
            q &= Q(user_id__in=free_time.tutors_free_on(self.weekday, self.time_of_day))
        return q


def filter_tutors(
    tutors: QuerySet, filters: TutorFilters, *, categories: QuerySet, relevance: tuple = ("path",)
) -> QuerySet:
    """The tutors matching the filters, once each, in the asked order (``relevance``: the
    list's own order)."""
    # A tutor may match through two subjects: keep each once without DISTINCT (which would
    # fight the ordering by expressions).
    matching = tutors.model.objects.filter(filters.conditions(categories)).values("pk")
    tutors = tutors.filter(pk__in=matching).alias(base_price=base_price("hourly_price"))
    if filters.ordering == "rating":
        mean = ratings.tutor_mean(TeacherProfile.objects.all())
        tutors = tutors.alias(
            rating_rank=ratings.damped(
                mean,
                average="user__teacher_profile__rating",
                count="user__teacher_profile__reviews_count",
            )
        )
    return tutors.order_by(*ORDERINGS.get(filters.ordering, relevance))


def facet_counts(
    tutors: QuerySet, filters: TutorFilters, *, categories: QuerySet
) -> dict[str, Counter]:
    """How many tutors each subject (by translation key, a top category with its
    sub-categories') and each language would give with the other filters on: three queries."""

    def grouped(by: str, skip: str) -> Counter:
        matching = tutors.model.objects.filter(filters.conditions(categories, skip=skip))
        rows = (
            tutors.filter(pk__in=matching.values("pk"))
            .order_by()
            .values(by)
            .annotate(n=Count("pk", distinct=True))
        )
        return Counter({row[by]: row["n"] for row in rows if row[by]})

    def per_level() -> Counter:
        """One query: each level's count, by conditional aggregates."""
        if not levels_taught.is_available():
            return Counter()
        matching = tutors.model.objects.filter(filters.conditions(categories, skip="level"))
        found = tutors.filter(pk__in=matching.values("pk")).aggregate(
            **{
                f"level_{value}": Count(
                    "pk", filter=Q(user_id__in=levels_taught.tutors_teaching(value)), distinct=True
                )
                for value, _label in levels_taught.choices()
            }
        )
        return Counter({key.removeprefix("level_"): n for key, n in found.items() if n})

    return {
        "subject": grouped("subjects__translation_key", "subject")
        + grouped("subjects__parent__translation_key", "subject"),
        "language": grouped("lesson_languages__language", "language"),
        "level": per_level(),
    }


def tutor_list_context(
    request: HttpRequest,
    *,
    tutors: QuerySet,
    categories: QuerySet,
    listed_categories: QuerySet,
    relevance: tuple,
) -> dict[str, Any]:
    """The tutors page's filters, facets and one page of ``tutors`` (those it lists).

    ``categories``: every category (the subject's lookup); ``listed_categories``: those the
    page offers (its language's)."""
    form = TutorSearchForm(request.GET)
    filters = TutorFilters.from_form(form)
    counts = facet_counts(tutors, filters, categories=categories)
    subject_choices = [Choice(str(_("Any")), _link(request, "subject", None), not filters.subject)]
    listed: list[Model] = list(listed_categories.order_by("sort_order", "name"))
    for parent in [c for c in listed if c.parent_id is None]:
        for category in [parent, *[c for c in listed if c.parent_id == parent.pk]]:
            sub = category.parent_id is not None
            subject_choices.append(
                Choice(
                    f"— {category.name}" if sub else category.name,
                    _link(request, "subject", category.slug),
                    filters.subject in (category.slug, str(category.pk)),
                    counts["subject"].get(category.translation_key, 0),
                    "" if sub else category.icon or icons.DEFAULT,
                )
            )
    facets = [
        (_("Subject"), subject_choices),
        (
            _("Language of lessons"),
            _facet(request, "language", filters.language, settings.LANGUAGES, counts["language"]),
        ),
    ]
    if levels_taught.is_available():
        facets.append(
            (
                _("Level taught"),
                _facet(request, "level", filters.level, levels_taught.choices(), counts["level"]),
            )
        )
    page = paginate(
        filter_tutors(tutors, filters, categories=categories, relevance=relevance), request
    )
    return {
        "form": form,
        "filters": filters,
        "tutors": page,
        "facets": facets,
        "free_on": free_time.is_available(),
        "weekday_choices": [
            (int(value), label, int(value) in filters.weekday) for value, label in WEEKDAY_CHOICES
        ],
        "time_of_day_choices": [
            (value, label, value in filters.time_of_day)
            for value, label in free_time.TIME_OF_DAY_CHOICES
        ],
        "orderings": [
            Choice(str(label), _link(request, "ordering", value), filters.ordering == value)
            for value, label in form.fields["ordering"].choices
        ],
        "range_fields": range_fields(request, form),
        "range_names": [
            *(name for name, _top, _step in RANGE_FIELDS),
            "weekday",
            "time_of_day",
            "page",
        ],
        "is_filtered": any(request.GET.get(name) for name in form.fields if name != "ordering"),
        "clear_url": "?",
    }
