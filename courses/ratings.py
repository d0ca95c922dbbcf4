"""Ratings as the catalog and the tutor list show and order them, filled in by the reviews app.

courses sits below ``reviews`` in the import layers: the stored figures (``CoursePage.
average_rating``/``reviews_count``, ``TeacherProfile.rating``/``reviews_count``) are written by
``reviews.services.recount`` in the transaction that changes a published review, and what
courses cannot compute itself (the 5★…1★ distribution, the damping weight) comes through
this registry, which reviews fills in its ``AppConfig.ready()``.

**"Best rated" is a damped (Bayesian) average.** A course with one 5★ review must not outrank
one with two hundred 4.8s, so the order uses

    rank = (C·m + Σratings) / (C + n)  =  (C·m + n·average) / (C + n)

where ``n`` is the target's number of published reviews, ``average`` their plain mean (the
stored figure, rounded to 0.01: the error this adds to the rank is below 0.005), ``m`` the
site's mean over every published review of that kind (courses, or tutors) and ``C`` the
weight of that prior (``REVIEWS_PRIOR_WEIGHT``, 10 by default): a target is ranked as if it
had ``C`` more reviews at the site's mean. Targets without reviews have no rank and come
after every rated one (ranked at ``m`` they would pass rated ones below the mean). The rank is
computed when the list is asked for; ``m`` is one small query, cached for a few minutes and
forgotten whenever a review is published or withdrawn. What a visitor sees stays the plain
mean, and the "rating from" filter compares the plain mean too.

This module never imports the page models (``courses.catalog`` uses it and the models use
``courses.catalog``): it works on the querysets it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Case, F, FloatField, Max, QuerySet, Sum, Value, When
from django.db.models.expressions import OrderBy
from django.db.models.functions import Cast

DEFAULT_PRIOR_WEIGHT = 10
MEAN_SECONDS = 300
MEAN_KEY = "ratings:site-mean:{kind}"
KINDS = ("courses", "tutors")

_hooks: dict[str, Callable[..., Any]] = {
    "prior_weight": lambda: DEFAULT_PRIOR_WEIGHT,
    "distribution": lambda target: {},
}


def register(
    *, prior_weight: Callable[[], int], distribution: Callable[[Any], dict[int, int]]
) -> None:
    """Called once by the reviews app: the damping weight ``C`` and a target's (a course page
    or a tutor's user) published reviews per star."""
    _hooks["prior_weight"] = prior_weight
    _hooks["distribution"] = distribution


def prior_weight() -> int:
    return int(_hooks["prior_weight"]())


def distribution(target) -> dict[int, int]:
    """{5: n, 4: n, …, 1: n} of the target's published reviews (every star present)."""
    counts = _hooks["distribution"](target) if target is not None else {}
    return {stars: int(counts.get(stars, 0)) for stars in (5, 4, 3, 2, 1)}


def forget_means(**_kwargs) -> None:
    """A review was published or withdrawn: the site's means are computed afresh."""
    cache.delete_many([MEAN_KEY.format(kind=kind) for kind in KINDS])


def _mean(kind: str, compute: Callable[[], tuple[Decimal, int]]) -> float:
    key = MEAN_KEY.format(kind=kind)
    mean = cache.get(key)
    if mean is None:
        total, count = compute()
        mean = float(total) / count if count else 0.0
        cache.set(key, mean, MEAN_SECONDS)
    return mean


def course_mean(courses: QuerySet) -> float:
    """The mean of every published course review on the site (``m`` for courses).

    One row per course (its translations carry the same figures, so they are taken once).
    """

    def compute() -> tuple[Decimal, int]:
        rows = (
            courses.model.objects.filter(reviews_count__gt=0)
            .values("translation_key")
            .annotate(n=Max("reviews_count"), average=Max("average_rating"))
            .order_by()
        )
        total, count = Decimal(0), 0
        for row in rows:
            total += row["average"] * row["n"]
            count += row["n"]
        return total, count

    return _mean("courses", compute)


def tutor_mean(profiles: QuerySet) -> float:
    """The mean of every published tutor review (``m`` for tutors), over teacher profiles."""

    def compute() -> tuple[Decimal, int]:
        figures = profiles.filter(reviews_count__gt=0).aggregate(
            total=Sum(F("rating") * F("reviews_count")), count=Sum("reviews_count")
        )
        return figures["total"] or Decimal(0), figures["count"] or 0

    return _mean("tutors", compute)


def damped(mean: float, *, average: str, count: str) -> Case:
    """The rank (see the module's docstring) as an expression over the stored figures; None
    for a target without reviews (order it with ``nulls_last``)."""
    weight = float(max(1, prior_weight()))
    n = Cast(F(count), FloatField())
    plain = Cast(F(average), FloatField())
    return Case(
        When(
            **{f"{count}__gt": 0},
            then=(Value(weight * mean) + n * plain) / (Value(weight) + n),
        ),
        default=None,
        output_field=FloatField(),
    )


def best_rated(rank: str = "rating_rank") -> OrderBy:
    """Highest rank first, targets without reviews last."""
    return F(rank).desc(nulls_last=True)
