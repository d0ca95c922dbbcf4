"""What a dashboard shows, independent of how it is drawn.

The reports in ``services`` answer with ``Chart`` objects; the pages draw each one with
Chart.js and put the same numbers in a table beside it (the accessible form, and the one a
screen reader or a printout uses); the API returns them as they are (``as_dict``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Literal

Kind = Literal["line", "bar", "stacked-bar", "horizontal-bar", "doughnut"]
Number = int | float | Decimal | None


@dataclass(frozen=True)
class Series:
    label: str
    values: list[Number]


@dataclass(frozen=True)
class Chart:
    """One chart: ``labels`` along the x axis (or the slices), one value per label in each
    series. ``unit`` is shown after values in the table ("%", "₽", "h"); ``key`` is stable
    (tests and the API address a chart by it)."""

    key: str
    title: str
    kind: Kind
    labels: list[str]
    series: list[Series]
    unit: str = ""
    note: str = ""
    empty: bool = field(init=False)

    def __post_init__(self) -> None:
        nothing = all(not value for s in self.series for value in s.values)
        object.__setattr__(self, "empty", not self.labels or nothing)

    def as_dict(self) -> dict:
        data = asdict(self)
        for s in data["series"]:
            s["values"] = [float(v) if isinstance(v, Decimal) else v for v in s["values"]]
        return data


@dataclass(frozen=True)
class Figure:
    """One headline number beside the charts ("Learners: 42", "Average grade: 78 %").
    ``value`` None: nothing to count yet (shown as a dash). ``key`` is stable, as a chart's."""

    key: str
    label: str
    value: Number
    unit: str = ""

    def as_dict(self) -> dict:
        value = float(self.value) if isinstance(self.value, Decimal) else self.value
        return {"key": self.key, "label": self.label, "value": value, "unit": self.unit}
