"""What the dashboards' templates ask of a ``Chart``: its numbers as table rows, and a value
written in the page's language with its unit."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import json_script
from django.utils.safestring import SafeString

from ..charts import Chart, Number

register = template.Library()

NO_VALUE = "—"


@register.filter
def chart_rows(chart: Chart) -> list[tuple[str, list[Number]]]:
    """One row per label with the value of each series (the chart's columns turned into rows)."""
    return [
        (label, [s.values[i] if i < len(s.values) else None for s in chart.series])
        for i, label in enumerate(chart.labels)
    ]


@register.filter
def chart_layout(charts: list[Chart]) -> list[tuple[Chart, bool]]:
    """Each chart with whether it takes a whole row: lines over time do, the others go two to a
    row, and one left alone beside a full-width chart (or at the end) widens, so the grid has
    no holes and keeps the report's order."""
    wide = [chart.kind == "line" for chart in charts]
    run: list[int] = []
    for i in [*range(len(charts)), None]:
        if i is not None and not wide[i]:
            run.append(i)
            continue
        if len(run) % 2:
            wide[run[-1]] = True
        run = []
    return list(zip(charts, wide, strict=True))


@register.filter
def bar_rows(chart: Chart) -> int:
    """How many bars a horizontal bar chart stacks down the page (its height follows): one per
    label, or one per label and series when the series stand side by side."""
    return len(chart.labels) * (1 if chart.kind == "stacked-bar" else max(1, len(chart.series)))


@register.filter
def chart_value(value: Number, unit: str = "") -> str:
    """``78,5 %`` in Russian, ``78.5 %`` in English; whole numbers without decimals and with
    grouped thousands; a dash for nothing."""
    if value is None:
        return NO_VALUE
    number = Decimal(str(value))
    places = 0 if number == number.to_integral_value() else 1
    text = number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{text}\N{NO-BREAK SPACE}{unit}" if unit else text


@register.filter
def chart_data(chart: Chart) -> SafeString:
    """The chart as JSON in a ``<script type="application/json">`` that js/charts.js reads by
    the canvas's ``data-chart``."""
    return json_script(chart.as_dict(), f"chart-data-{chart.key}")
