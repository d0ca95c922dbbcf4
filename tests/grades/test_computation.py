"""The final-grade arithmetic (learning.grades.computation): weights, drop-lowest, missing
work, excused items, overrides; bounds and monotonicity as properties."""

from decimal import Decimal
from fractions import Fraction as F
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from learning.grades.computation import (
    Category,
    ItemResult,
    ItemState,
    Missing,
    Rules,
    best_average,
    final_grade,
)

HW, TESTS, CP, ATT = (
    Category.HOMEWORK,
    Category.TESTS,
    Category.CONTROL_POINTS,
    Category.ATTENDANCE,
)
RULES = Rules(weights={HW: 40, TESTS: 20, CP: 30, ATT: 10})


def graded(category, score, weight=1, **kw):
    return ItemResult(category, ItemState.GRADED, F(score), F(weight), **kw)


def missing(category, due_passed=True, **kw):
    return ItemResult(category, ItemState.MISSING, None, F(1), due_passed=due_passed, **kw)


def test_categories_are_weighted_by_the_scheme():
    grade = final_grade(
        [graded(HW, "0.5"), graded(TESTS, "1"), graded(CP, "0.8"), graded(ATT, "0")], RULES
    )
    # 0.4·50 + 0.2·100 + 0.3·80 + 0.1·0
    assert grade.percent == Decimal("64.00")
    assert grade.subtotals[CP] == Decimal("80.00")


def test_weights_are_shared_among_the_categories_with_gradable_items():
    # Only homework (40) and control points (30) have items: 40/70 and 30/70.
    grade = final_grade([graded(HW, "1"), graded(CP, "0.3")], RULES)
    assert grade.percent == Decimal("70.00")
    assert grade.subtotals[TESTS] is None


def test_items_are_weighted_inside_their_category():
    grade = final_grade([graded(HW, "1", weight=3), graded(HW, "0", weight=1)], RULES)
    assert grade.percent == Decimal("75.00")


def test_drop_lowest_drops_the_lowest_scores():
    rules = Rules(weights={HW: 100}, drop_lowest={HW: 2})
    items = [graded(HW, s) for s in ("0.1", "0.9", "0.2", "0.7")]
    assert final_grade(items, rules).percent == Decimal("80.00")


def test_drop_lowest_keeps_one_item():
    rules = Rules(weights={HW: 100}, drop_lowest={HW: 5})
    assert final_grade([graded(HW, "0.2"), graded(HW, "0.4")], rules).percent == Decimal("40.00")


def test_with_unequal_weights_the_drop_that_helps_most_is_taken():
    # Dropping the lowest score (0.4, weight 10) gives 0.75; dropping 0.5 (weight 1) would
    # give (4 + 1)/11 ≈ 0.4545. The best removal is the heavy low one.
    pairs = [(F("0.5"), F(1)), (F("0.4"), F(10)), (F(1), F(1))]
    assert best_average(pairs, 1) == F("0.75")
    # Raised to 0.6 the heavy item stays worth keeping less than the light 0.5: still 0.75.
    pairs = [(F("0.5"), F(1)), (F("0.6"), F(10)), (F(1), F(1))]
    assert best_average(pairs, 1) == max(F("0.75"), F(7, 11))


def test_missing_work_counts_as_zero():
    rules = Rules(weights={HW: 100}, missing=Missing.ZERO)
    items = [graded(HW, "1"), missing(HW, due_passed=False)]
    assert final_grade(items, rules).percent == Decimal("50.00")


def test_missing_work_counts_once_the_due_date_has_passed():
    rules = Rules(weights={HW: 100}, missing=Missing.AFTER_DUE)
    assert final_grade([graded(HW, "1"), missing(HW, False)], rules).percent == Decimal("100")
    assert final_grade([graded(HW, "1"), missing(HW, True)], rules).percent == Decimal("50")


def test_missing_work_may_be_ignored():
    rules = Rules(weights={HW: 100}, missing=Missing.IGNORED)
    assert final_grade([graded(HW, "0.6"), missing(HW)], rules).percent == Decimal("60.00")


def test_nothing_counted_means_no_grade_yet():
    rules = Rules(weights={HW: 100}, missing=Missing.IGNORED)
    grade = final_grade([missing(HW)], rules)
    assert (grade.percent, grade.mark, grade.passed) == (None, None, None)


def test_work_waiting_for_the_teacher_leaves_the_average():
    waiting = ItemResult(HW, ItemState.WAITING)
    assert final_grade([graded(HW, "0.9"), waiting], RULES).percent == Decimal("90.00")


def test_an_excused_item_leaves_the_average():
    items = [graded(HW, "0.9"), graded(HW, "0", excused=True), missing(HW, excused=True)]
    assert final_grade(items, RULES).percent == Decimal("90.00")


def test_a_cell_override_wins_over_score_status_and_excuse():
    items = [
        graded(HW, "0.2", override=F("0.8")),
        missing(HW, override=F("0.4")),
        graded(HW, "0", excused=True, override=F(1)),
    ]
    assert final_grade(items, Rules(weights={HW: 100})).percent == Decimal("73.33")


def test_a_final_override_wins_and_sets_the_mark():
    grade = final_grade([graded(HW, "0.1")], RULES, final_override=F("0.9"))
    assert (grade.percent, grade.mark, grade.passed, grade.overridden) == (
        Decimal("90.00"),
        5,
        True,
        True,
    )
    assert grade.subtotals[HW] == Decimal("10.00")  # the subtotal still shows the work


def test_marks_follow_the_cut_offs_and_the_pass_mark():
    rules = Rules(weights={HW: 100}, pass_mark=60, cutoffs=(90, 75, 55))
    marks = {s: final_grade([graded(HW, s)], rules) for s in ("0.9", "0.75", "0.55", "0.549")}
    assert [g.mark for g in marks.values()] == [5, 4, 3, 2]
    assert [g.passed for g in marks.values()] == [True, True, False, False]


# Properties ---------------------------------------------------------------------------------

fractions = st.fractions(min_value=0, max_value=1, max_denominator=100)
items = st.builds(
    ItemResult,
    category=st.sampled_from(list(Category)),
    state=st.sampled_from(list(ItemState)),
    score=st.one_of(st.none(), fractions),
    weight=st.fractions(min_value=0, max_value=5, max_denominator=4),
    due_passed=st.booleans(),
    excused=st.booleans(),
    override=st.one_of(st.none(), fractions),
)
rules = st.builds(
    Rules,
    weights=st.lists(st.integers(0, 100), min_size=3, max_size=3)
    .map(sorted)
    .map(lambda c: dict(zip(Category, (c[0], c[1] - c[0], c[2] - c[1], 100 - c[2]), strict=True))),
    drop_lowest=st.dictionaries(st.sampled_from(list(Category)), st.integers(0, 4)),
    missing=st.sampled_from(list(Missing)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(items, max_size=12), rules)
def test_the_final_grade_stays_within_0_and_100(results, scheme):
    grade = final_grade(results, scheme)
    assert grade.percent is None or Decimal(0) <= grade.percent <= Decimal(100)
    for subtotal in grade.subtotals.values():
        assert subtotal is None or Decimal(0) <= subtotal <= Decimal(100)


@settings(max_examples=300, deadline=None)
@given(st.lists(items, min_size=1, max_size=12), rules, st.data())
def test_the_final_grade_never_falls_when_a_score_rises(results, scheme, data):
    index = data.draw(st.integers(0, len(results) - 1))
    item = results[index]
    low = item.score if item.score is not None else F(0)
    higher = data.draw(st.fractions(min_value=low, max_value=1, max_denominator=100))
    raised = [*results]
    raised[index] = ItemResult(
        item.category,
        item.state,
        higher,
        item.weight,
        item.due_passed,
        item.excused,
        item.override,
    )
    before = final_grade(results, scheme).percent
    after = final_grade(raised, scheme).percent
    if before is not None:
        assert after is not None and after >= before


pairs = st.lists(
    st.tuples(fractions, st.fractions(min_value=F(1, 4), max_value=5, max_denominator=4)),
    min_size=1,
    max_size=7,
)


@settings(max_examples=300, deadline=None)
@given(pairs, st.integers(0, 4))
def test_drop_lowest_finds_the_best_removal(values, drop):
    # Against every way of keeping len − drop items (at least one).
    keep = max(1, len(values) - drop)
    best = max(
        sum(v * w for v, w in kept) / sum(w for _, w in kept) for kept in combinations(values, keep)
    )
    assert best_average(values, drop) == best
