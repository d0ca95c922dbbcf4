"""The months and weeks a report covers, in the site's time zone, and their labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import formats, timezone

from ..app_settings import app_settings
from .rollup import day_start, site_zone


def _month_key(value: date | datetime) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(site_zone()).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _week_key(value: date | datetime) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(site_zone()).date() if timezone.is_aware(value) else value.date()
    return value - timedelta(days=value.weekday())


@dataclass(frozen=True)
class Months:
    """The last ``n`` calendar months, this one included."""

    firsts: list[date]

    @classmethod
    def last(cls, n: int | None = None, *, now: datetime | None = None) -> Months:
        n = n or app_settings.ANALYTICS_REPORT_MONTHS
        current = _month_key(now or timezone.now())
        firsts = [current]
        for _ in range(n - 1):
            firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
        return cls(list(reversed(firsts)))

    @property
    def start(self) -> datetime:
        return day_start(self.firsts[0])

    @property
    def start_day(self) -> date:
        return self.firsts[0]

    def labels(self) -> list[str]:
        return [formats.date_format(m, "YEAR_MONTH_FORMAT") for m in self.firsts]

    def series(self, counts: dict) -> list:
        """Values per month from {month or datetime in it: value}; months without one: 0."""
        merged: dict[date, object] = {}
        for key, value in counts.items():
            merged[_month_key(key)] = value
        return [merged.get(m, 0) for m in self.firsts]

    key = staticmethod(_month_key)


@dataclass(frozen=True)
class Weeks:
    """The last ``n`` weeks (Monday to Sunday), this one included, plus ``ahead`` to come."""

    mondays: list[date]

    @classmethod
    def last(cls, n: int | None = None, *, ahead: int = 0, now: datetime | None = None) -> Weeks:
        n = n or app_settings.ANALYTICS_REPORT_WEEKS
        current = _week_key(now or timezone.now())
        return cls([current + timedelta(weeks=i) for i in range(-(n - 1), ahead + 1)])

    @property
    def start(self) -> datetime:
        return day_start(self.mondays[0])

    @property
    def end(self) -> datetime:
        return day_start(self.mondays[-1] + timedelta(weeks=1))

    def labels(self) -> list[str]:
        return [formats.date_format(m, "SHORT_DATE_FORMAT") for m in self.mondays]

    def series(self, counts: dict) -> list:
        merged: dict[date, object] = {}
        for key, value in counts.items():
            merged[_week_key(key)] = value
        return [merged.get(m, 0) for m in self.mondays]

    key = staticmethod(_week_key)
