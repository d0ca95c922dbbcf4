"""The gradebook as a web page: filters, sorting and the table's cells, from a built
``Gradebook`` (no queries here).

A gradebook of 200 learners × 60 items is 12,000 cells, so each row's cells are written
here as one HTML string instead of a template loop per cell (which took most of the page's
time): a cell is ``<td class="s-…">80</td>``; its status is a class whose icon and text the
page's stylesheet adds (``templates/grades/includes/status_styles.html``), so a cell says
its status in words to a screen reader and with an icon on screen, not by colour alone.
Only numbers and fixed class names go into that HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .computation import Category
from .labels import CATEGORY_NAMES
from .services import FINAL, Cell, CellStatus, Column, Gradebook, Reason, Row

# Status → (class, icon). The text of each is STATUS_LABELS; the icon and text reach the
# page through the status styles, so a change here needs none in the template.
STATUS_CLASSES = {
    CellStatus.GRADED: ("s-gr", ""),
    CellStatus.LATE: ("s-lt", "◷"),
    CellStatus.WAITING: ("s-wt", "…"),
    CellStatus.RETURNED: ("s-rt", "↩"),
    CellStatus.IN_PROGRESS: ("s-ip", "✎"),
    CellStatus.MISSING: ("s-ms", "!"),
    CellStatus.OPEN: ("s-op", "·"),
    CellStatus.EXCUSED: ("s-ex", "⊘"),
    CellStatus.PRESENT: ("s-pr", "✓"),
    CellStatus.ABSENT: ("s-ab", "✗"),
    CellStatus.LATE_ARRIVAL: ("s-la", "✓◷"),
    CellStatus.NOT_MARKED: ("s-nm", "?"),
}
OVERRIDDEN = "overridden"
STATUS_CLASSES[OVERRIDDEN] = ("s-ov", "✱")

STATUS_LABELS = {
    CellStatus.GRADED: gettext_lazy("graded"),
    CellStatus.LATE: gettext_lazy("handed in late"),
    CellStatus.WAITING: gettext_lazy("waiting for grading"),
    CellStatus.RETURNED: gettext_lazy("returned for rework"),
    CellStatus.IN_PROGRESS: gettext_lazy("attempt in progress"),
    CellStatus.MISSING: gettext_lazy("not handed in"),
    CellStatus.OPEN: gettext_lazy("not due yet"),
    CellStatus.EXCUSED: gettext_lazy("excused"),
    CellStatus.PRESENT: gettext_lazy("present"),
    CellStatus.ABSENT: gettext_lazy("absent"),
    CellStatus.LATE_ARRIVAL: gettext_lazy("came late"),
    CellStatus.NOT_MARKED: gettext_lazy("not marked"),
    OVERRIDDEN: gettext_lazy("overridden by the teacher"),
}

CATEGORY_SHORT = {
    Category.HOMEWORK: gettext_lazy("HW"),
    Category.TESTS: gettext_lazy("Test"),
    Category.CONTROL_POINTS: gettext_lazy("CP"),
    Category.ATTENDANCE: gettext_lazy("Lesson"),
}

# The "status" filter: learners with at least one cell so, or whose final grade fails.
FAILING = "failing"
STATUS_FILTERS = {
    CellStatus.WAITING: gettext_lazy("Waiting for grading"),
    CellStatus.MISSING: gettext_lazy("Not handed in"),
    CellStatus.LATE: gettext_lazy("Handed in late"),
    CellStatus.RETURNED: gettext_lazy("Returned for rework"),
    CellStatus.EXCUSED: gettext_lazy("Excused"),
    OVERRIDDEN: gettext_lazy("Overridden"),
    FAILING: gettext_lazy("Not passing"),
}


def number(value: Decimal | None) -> str:
    """80.00 → "80", 72.50 → "72.5"; None → ""."""
    if value is None:
        return ""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell_status(cell: Cell) -> str:
    return OVERRIDDEN if cell.override is not None else cell.status


def cell_value(cell: Cell | None) -> Decimal | None:
    """What a cell counts with on the page and in sorting: the override, else the score."""
    if cell is None:
        return None
    return cell.override if cell.override is not None else cell.percent


def _cell_html(cell: Cell | None) -> str:
    if cell is None:
        return '<td class="na"></td>'
    status = cell_status(cell)
    css = STATUS_CLASSES[status][0]
    if status == OVERRIDDEN:
        # The computed score rides along for the dialog ("was 80").
        was = number(cell.percent)
        extra = f' data-p="{was}"' if was else ""
        return f'<td class="{css}"{extra}>{number(cell.override)}</td>'
    if cell.result is not None and cell.result.category == Category.ATTENDANCE:
        return f'<td class="{css}"></td>'  # the icon says it; sorting reads the class
    return f'<td class="{css}">{number(cell.percent)}</td>'


@dataclass
class PageRow:
    row: Row
    reasons: list[Reason]
    cells_html: SafeString = field(default_factory=lambda: mark_safe(""))  # noqa: S308

    @property
    def student(self):
        return self.row.student

    @property
    def grade(self):
        return self.row.grade

    @property
    def final(self) -> str:
        return number(self.row.grade.percent)

    @property
    def subtotals(self) -> list[str]:
        return [number(self.row.grade.subtotals[c]) for c in Category]


@dataclass(frozen=True)
class Filters:
    group: int | None = None
    status: str = ""
    risk: bool = False
    sort: str = "name"  # name, final or a column's key; "-" before it: descending

    @classmethod
    def parse(cls, query: Mapping[str, str], book: Gradebook, groups: Mapping[int, str]):
        raw_group = (query.get("group") or "").strip()
        group = int(raw_group) if raw_group.isdigit() and int(raw_group) in groups else None
        status = query.get("status") or ""
        if status not in STATUS_FILTERS:
            status = ""
        sort = query.get("sort") or "name"
        keys = {"name", "final"} | {c.key for c in book.columns}
        if sort.removeprefix("-") not in keys:
            sort = "name"
        return cls(group, status, query.get("risk") == "1", sort)


def _matches(page_row: PageRow, filters: Filters) -> bool:
    row = page_row.row
    if filters.group is not None and filters.group not in row.groups:
        return False
    if filters.risk and not page_row.reasons:
        return False
    if filters.status == FAILING:
        return row.grade.passed is False
    if filters.status:
        return any(cell_status(cell) == filters.status for cell in row.cells.values())
    return True


def _sort(rows: list[PageRow], sort: str) -> list[PageRow]:
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key == "name":
        rows.sort(key=lambda r: _name_key(r.row), reverse=descending)
        return rows

    def value(r: PageRow) -> Decimal | None:
        if key == "final":
            return r.row.grade.percent
        return cell_value(r.row.cells.get(key))

    # Learners without a value go last either way; ties keep the order by name.
    known = [r for r in rows if value(r) is not None]
    unknown = [r for r in rows if value(r) is None]
    known.sort(key=value, reverse=descending)
    return known + unknown


def _name_key(row: Row) -> tuple:
    person = row.student
    return (person.last_name.casefold(), person.first_name.casefold(), person.email, person.pk)


def rows_for(
    book: Gradebook, reasons: Mapping[int, list[Reason]], filters: Filters
) -> list[PageRow]:
    rows = [PageRow(row, list(reasons.get(row.student.pk, []))) for row in book.rows]
    rows = _sort([r for r in rows if _matches(r, filters)], filters.sort)
    for page_row in rows:
        cells = page_row.row.cells
        page_row.cells_html = mark_safe(  # noqa: S308 — numbers and fixed class names only
            "".join(_cell_html(cells.get(column.key)) for column in book.columns)
        )
    return rows


def legend() -> list[tuple[str, str, str]]:
    """(class, icon, label) of every status, for the legend under the table."""
    return [(css, icon, str(STATUS_LABELS[s])) for s, (css, icon) in STATUS_CLASSES.items()]


def _css_string(text: str) -> str:
    # Inside a <style>: no quote, backslash or "<" may end the string or the element.
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def status_css() -> SafeString:
    """Each status's icon after the cell's number, with its words as the icon's alternative
    text (``content: "◷" / "handed in late"``; browsers without that syntax keep the first
    declaration, the icon alone)."""
    rules = []
    for css, icon, label in legend():
        if not icon:
            continue
        icon_text, label_text = _css_string(icon), _css_string(label)
        rules.append(
            f'.gb-table td.{css}::after{{content:"{icon_text}";'
            f'content:"{icon_text}" / "{label_text}"}}'
        )
    return mark_safe("\n".join(rules))  # noqa: S308 — escaped for a CSS string above


def column_heading(column: Column, sort: str) -> dict:
    next_sort, aria = sort_state(sort, column.key)
    return {
        "sort": next_sort,
        "aria_sort": aria,
        "key": column.key,
        "title": column.title,
        "short": CATEGORY_SHORT[column.category],
        "category": CATEGORY_NAMES[column.category],
        "due_at": column.due_at,
        "is_lesson": column.category == Category.ATTENDANCE,
    }


def item_title(book: Gradebook, key: str) -> str:
    if key == FINAL:
        return _("Final grade")
    for column in book.columns:
        if column.key == key:
            return column.title
    return key


def sort_state(current: str, key: str) -> tuple[str, str]:
    """(the ``sort`` a heading's link asks for, its ``aria-sort``): a second click on the
    sorted column turns the order round."""
    if current == key:
        return f"-{key}", "ascending"
    if current == f"-{key}":
        return key, "descending"
    return key, "none"


def dialog_texts() -> dict:
    """What the gradebook's script says in the dialog: each status class's words."""
    return {
        "statuses": {css: label for css, _icon, label in legend()},
        "final": _("Final grade"),
        "now": _("Now: %(value)s"),
        "was": _("computed: %(value)s"),
        "empty": _("no grade yet"),
    }
