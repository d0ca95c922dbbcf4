"""A gradebook as a table, and that table as CSV or XLSX (openpyxl, which Wagtail already
installs): one row per learner, a column per item, then the subtotals and the final grade."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .computation import Category
from .services.gradebook import Gradebook


def _category_name(category: Category) -> str:
    # Looked up at call time so the active language is the one in force.
    return {
        Category.HOMEWORK: _("Homework"),
        Category.TESTS: _("Tests"),
        Category.CONTROL_POINTS: _("Control points"),
        Category.ATTENDANCE: _("Attendance"),
    }[category]


def _value(cell) -> Decimal | str:
    if cell is None:
        return ""
    if cell.override is not None:
        return cell.override
    if cell.excused:
        return _("excused")
    return cell.percent if cell.percent is not None else ""


def table(book: Gradebook) -> Iterator[list]:
    """The header, then a row per learner: values are Decimals or text."""
    yield [
        _("Learner"),
        _("E-mail"),
        *(column.title for column in book.columns),
        *(_category_name(c) for c in Category),
        _("Final grade, %"),
        _("Mark"),
        _("Passed"),
    ]
    for row in book.rows:
        grade = row.grade
        yield [
            row.student.get_full_name(),
            row.student.email,
            *(_value(row.cells.get(column.key)) for column in book.columns),
            *(grade.subtotals[c] if grade.subtotals[c] is not None else "" for c in Category),
            grade.percent if grade.percent is not None else "",
            grade.mark or "",
            "" if grade.passed is None else (_("yes") if grade.passed else _("no")),
        ]


def to_csv(book: Gradebook) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in table(book):
        # A cell starting with = + - @ would be a formula in a spreadsheet: quote it away.
        writer.writerow([_safe(v) for v in line])
    return ("\ufeff" + out.getvalue()).encode()  # the BOM lets Excel read UTF-8


def to_xlsx(book: Gradebook) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Gradebook")[:31]
    for line in table(book):
        sheet.append([float(v) if isinstance(v, Decimal) else _safe(v) for v in line])
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
