"""The final grade, as arithmetic only: no database, no requests.

A learner's results come in as ``ItemResult``s (one per graded item: a homework, a test, a
control point, an attended lesson) and a ``Rules`` (the course's grading scheme, read from
``models.GradingScheme``). ``final_grade`` answers each category's subtotal and the final
percentage with its mark. Exact fractions are used inside so that the rules (renormalised
weights, dropping, overrides) never drift by a rounding; the answer is rounded once, at the end.

The rules:

- An item counts with its score (a fraction 0..1) and its weight inside its category
  (``Homework.weight``; 1 for a lesson). An item of weight 0 never counts.
- An override (a teacher's percentage for the cell) wins over the score and any status.
- An excused item leaves the average. Work waiting for the teacher leaves it until graded.
- Missing work (nothing handed in) counts per the scheme: as zero; as zero once its due date
  has passed (ignored before); or not at all.
- Drop-lowest N: the N items whose removal leaves the category's (weighted) average highest,
  at least one item kept. With equal weights these are simply the N lowest scores; with
  unequal weights "lowest score" could lower the average when a score rises, so the best
  removal is found (Dinkelbach's iteration), which keeps the grade monotonic in every score.
- Weights of categories with nothing counted are shared among the others (renormalised).
- A final-grade override wins over the computed percentage.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")


class Category(enum.StrEnum):
    HOMEWORK = "homework"
    TESTS = "tests"
    CONTROL_POINTS = "control_points"
    ATTENDANCE = "attendance"


class Missing(enum.StrEnum):
    """How work not handed in counts."""

    ZERO = "zero"
    AFTER_DUE = "after_due"
    IGNORED = "ignored"


class ItemState(enum.StrEnum):
    """What the learner's work on an item is, for the arithmetic (the cell's status)."""

    GRADED = "graded"  # a score stands (graded, auto-graded, returned for rework, late)
    WAITING = "waiting"  # handed in, not graded yet
    MISSING = "missing"  # nothing handed in (or only an attempt still in progress)


@dataclass(frozen=True)
class ItemResult:
    category: Category
    state: ItemState
    score: Fraction | None = None  # 0..1 when GRADED
    weight: Fraction = Fraction(1)
    due_passed: bool = True
    excused: bool = False
    override: Fraction | None = None  # 0..1, the teacher's value for the cell


@dataclass(frozen=True)
class Rules:
    weights: Mapping[Category, int]  # percentages summing to 100
    drop_lowest: Mapping[Category, int] = field(default_factory=dict)
    missing: Missing = Missing.AFTER_DUE
    pass_mark: int = 50
    # The lowest percentage for a 5, a 4 and a 3; below the last one, a 2.
    cutoffs: tuple[int, int, int] = (85, 70, 50)


@dataclass(frozen=True)
class FinalGrade:
    subtotals: dict[Category, Decimal | None]  # percentage per category; None: nothing counted
    percent: Decimal | None  # None: nothing counted anywhere yet
    mark: int | None  # 5, 4, 3 or 2
    passed: bool | None
    overridden: bool = False


def item_value(item: ItemResult, missing: Missing) -> Fraction | None:
    """The fraction the item counts with, or None when it leaves the average."""
    if item.weight <= 0:
        return None
    if item.override is not None:
        return _clamp(item.override)
    if item.excused:
        return None
    if item.state == ItemState.GRADED:
        return _clamp(item.score if item.score is not None else Fraction(0))
    if item.state == ItemState.WAITING:
        return None
    if missing == Missing.ZERO or (missing == Missing.AFTER_DUE and item.due_passed):
        return Fraction(0)
    return None


def _clamp(value: Fraction) -> Fraction:
    return min(Fraction(1), max(Fraction(0), value))


def _average(pairs: Sequence[tuple[Fraction, Fraction]]) -> Fraction:
    total = sum((w for _, w in pairs), Fraction(0))
    return sum((v * w for v, w in pairs), Fraction(0)) / total


def best_average(pairs: Sequence[tuple[Fraction, Fraction]], drop: int) -> Fraction:
    """The weighted average of (value, weight) pairs after dropping the ``drop`` items whose
    removal leaves it highest (at least one item is kept)."""
    keep = max(1, len(pairs) - max(0, drop))
    if keep >= len(pairs):
        return _average(pairs)
    # Dinkelbach: keep the items that add most to sum(w·(v − q)) at the current average q;
    # the average of that set never falls, and when it stops rising it is the optimum.
    q = _average(pairs)
    while True:
        ranked = sorted(pairs, key=lambda p: p[1] * (p[0] - q), reverse=True)
        better = _average(ranked[:keep])
        if better <= q:
            return q
        q = better


def category_subtotals(
    items: Iterable[ItemResult], rules: Rules
) -> dict[Category, Fraction | None]:
    counted: dict[Category, list[tuple[Fraction, Fraction]]] = {c: [] for c in Category}
    for item in items:
        value = item_value(item, rules.missing)
        if value is not None:
            counted[item.category].append((value, item.weight))
    return {
        category: (best_average(pairs, rules.drop_lowest.get(category, 0)) if pairs else None)
        for category, pairs in counted.items()
    }


def mark_for(percent: Decimal, cutoffs: tuple[int, int, int]) -> int:
    five, four, three = cutoffs
    if percent >= five:
        return 5
    if percent >= four:
        return 4
    if percent >= three:
        return 3
    return 2


def _percent(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) * 100 / Decimal(value.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def final_grade(
    items: Iterable[ItemResult], rules: Rules, final_override: Fraction | None = None
) -> FinalGrade:
    subtotals = category_subtotals(items, rules)
    weighted = [
        (value, Fraction(rules.weights.get(category, 0)))
        for category, value in subtotals.items()
        if value is not None and rules.weights.get(category, 0) > 0
    ]
    shown = {c: (_percent(v) if v is not None else None) for c, v in subtotals.items()}
    if final_override is not None:
        percent: Decimal | None = _percent(_clamp(final_override))
    elif weighted:
        percent = _percent(_average(weighted))
    else:
        percent = None
    if percent is None:
        return FinalGrade(shown, None, None, None)
    return FinalGrade(
        shown,
        percent,
        mark_for(percent, rules.cutoffs),
        percent >= rules.pass_mark,
        overridden=final_override is not None,
    )
