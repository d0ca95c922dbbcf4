"""The teacher's overrides and excuses, their history and who may make them."""

from decimal import Decimal

import pytest

from core.errors import Invalid, NotAllowed
from learning.grades import services
from learning.grades.errors import ReasonRequired, UnknownItem
from learning.grades.models import GradeChange

from .conftest import NOW, enroll, homework, join, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(course):
    return enroll(course)


@pytest.fixture
def work(lesson, learner):
    work = homework(lesson)
    submit(learner, work, "40")
    return work


def row(course, learner):
    return services.my_grades(learner, course, now=NOW).rows[0]


def test_a_cell_override_replaces_the_score_and_is_kept_in_the_history(
    course, teacher, learner, work
):
    key = f"homework:{work.pk}"
    services.override(teacher, course, learner.pk, key, Decimal("95"), "Пересдал устно")
    mine = row(course, learner)
    assert mine.cells[key].override == Decimal("95.00")
    assert mine.cells[key].percent == Decimal("40.00")  # the work's own score stays shown
    assert mine.grade.percent == Decimal("95.00")
    services.override(teacher, course, learner.pk, key, None, "Ошибся учеником")
    assert row(course, learner).grade.percent == Decimal("40.00")
    changes = list(services.history(teacher, course, student_id=learner.pk))
    assert [(c.old_value, c.new_value, c.reason, c.changed_by) for c in changes] == [
        ("95.00", "", "Ошибся учеником", teacher),
        ("", "95.00", "Пересдал устно", teacher),
    ]


def test_the_same_value_again_is_no_change(course, teacher, learner, work):
    key = f"homework:{work.pk}"
    services.override(teacher, course, learner.pk, key, Decimal(70), "Раз")
    services.override(teacher, course, learner.pk, key, Decimal(70), "Два")
    assert GradeChange.objects.count() == 1


def test_a_final_override_wins(course, teacher, learner, work):
    services.override(teacher, course, learner.pk, "final", Decimal(88), "Итог комиссии")
    grade = row(course, learner).grade
    assert (grade.percent, grade.mark, grade.overridden) == (Decimal("88.00"), 5, True)


def test_an_excused_item_leaves_the_average(course, teacher, learner, work, lesson):
    missed = homework(lesson)
    assert row(course, learner).grade.percent == Decimal("20.00")
    services.excuse(teacher, course, learner.pk, f"homework:{missed.pk}", True, "Болел")
    mine = row(course, learner)
    assert mine.cells[f"homework:{missed.pk}"].status == "excused"
    assert mine.grade.percent == Decimal("40.00")
    change = services.history(teacher, course).get()
    assert (change.field, change.old_value, change.new_value) == ("excused", "no", "yes")


def test_a_reason_is_required(course, teacher, learner, work):
    with pytest.raises(ReasonRequired):
        services.override(teacher, course, learner.pk, f"homework:{work.pk}", Decimal(1), " ")


def test_only_the_learners_own_items_may_be_changed(course, teacher, learner, work):
    with pytest.raises(UnknownItem):
        services.override(teacher, course, learner.pk, "homework:999999", Decimal(1), "Так")
    with pytest.raises(UnknownItem):
        services.excuse(teacher, course, learner.pk, "final", True, "Так")
    with pytest.raises(Invalid):
        services.override(teacher, course, learner.pk, "final", Decimal(101), "Так")


def test_another_teacher_and_the_learner_cannot_change_or_read_history(
    course, other_teacher, learner, work
):
    key = f"homework:{work.pk}"
    for person in (other_teacher, learner):
        with pytest.raises(NotAllowed):
            services.override(person, course, learner.pk, key, Decimal(100), "Хочу")
        with pytest.raises(NotAllowed):
            services.history(person, course, student_id=learner.pk)
        with pytest.raises(NotAllowed):
            services.history(person, course)


def test_a_group_teacher_adjusts_their_members_only(course, group, learner, work):
    outsider = enroll(course)
    join(group, learner)
    key = f"homework:{work.pk}"
    services.excuse(group.teacher, course, learner.pk, key, True, "Справка")
    with pytest.raises(NotAllowed):
        services.excuse(group.teacher, course, outsider.pk, key, True, "Справка")
    assert [c.student for c in services.group_history(group.teacher, group)] == [learner]


def test_the_scheme_is_its_teachers_to_edit(course, teacher, other_teacher):
    with pytest.raises(NotAllowed):
        services.save_scheme(other_teacher, course, {"pass_mark": 10})
    with pytest.raises(Invalid):
        services.save_scheme(teacher, course, {"weight_homework": 50})  # sums to 110
    with pytest.raises(Invalid):
        services.save_scheme(teacher, course, {"mark_4_from": 90})  # above the "5"
    scheme = services.save_scheme(teacher, course, {"pass_mark": 60})
    assert services.rules_for(course).pass_mark == 60 and scheme.updated_by == teacher
    assert services.scheme_of(course).pk == scheme.pk
