"""Grades: the course's scheme, the gradebook, the teacher's adjustments and their history.

Modules: schemes (the scheme and its edits), gradebook (building it), reading (reading it
with the permission checks), adjustments (overrides and excuses), risk (learners at risk,
from a built gradebook). Callers import from here.
"""

from .adjustments import excuse, override
from .gradebook import FINAL, Cell, CellStatus, Column, Gradebook, Row, build
from .reading import (
    course_groups,
    gradebooks_for,
    group_history,
    history,
    item_titles,
    my_grades,
    read_course,
    read_group,
)
from .risk import Reason, at_risk
from .schemes import read_scheme, rules_for, save_scheme, scheme_of, scheme_or_default

__all__ = [
    "FINAL",
    "Cell",
    "CellStatus",
    "Column",
    "Gradebook",
    "Reason",
    "Row",
    "at_risk",
    "build",
    "course_groups",
    "gradebooks_for",
    "excuse",
    "group_history",
    "history",
    "item_titles",
    "my_grades",
    "override",
    "read_course",
    "read_group",
    "read_scheme",
    "rules_for",
    "save_scheme",
    "scheme_of",
    "scheme_or_default",
]
