"""The school's report (staff): revenue by month and by course per currency, new and active
learners, top courses, tutors' load and the video pool's use.

Money: an order counts in the month it was paid; a refund is subtracted in the month it was
refunded (so a month already reported does not change later). Currencies are never added
together: each has its own charts and figures.

Active learners of a week: people who changed their progress on a lesson (its last change:
progress rows keep only that), handed in a submission, or were marked present or late at a
live lesson that week.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.translation import gettext as _

from courses.models import Currency
from learning.enrollment.models import Enrollment, LessonProgress
from learning.homework.models import Submission
from learning.payments.models import CURRENCY_SYMBOLS, Order
from learning.schedule.models import Attendance, LiveLesson
from learning.schedule.services import all_occurrences
from learning.zoompool.services import pool_size

from ...charts import Chart, Figure, Series
from ..periods import Months, Weeks
from ..rollup import site_zone

TOP = 10
LOAD_WEEKS_BACK = 4
ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
User = get_user_model()


def _hours(seconds: float) -> Decimal:
    return Decimal(seconds / 3600).quantize(Decimal("0.1"))


def revenue_parts(months: Months) -> tuple[list[Chart], list[Figure]]:
    zone = site_zone()
    paid = (
        Order.objects.filter(paid_at__gte=months.start)
        .annotate(m=TruncMonth("paid_at", tzinfo=zone))
        .values("currency", "m")
        .order_by()
        .annotate(total=Sum("amount"))
    )
    refunded = (
        Order.objects.filter(
            status=Order.Status.REFUNDED, paid_at__isnull=False, refunded_at__gte=months.start
        )
        .annotate(m=TruncMonth("refunded_at", tzinfo=zone))
        .values("currency", "m")
        .order_by()
        .annotate(total=Sum("amount"))
    )
    gross: dict = defaultdict(dict)
    back: dict = defaultdict(dict)
    for r in paid:
        gross[r["currency"]][r["m"]] = r["total"]
    for r in refunded:
        back[r["currency"]][r["m"]] = r["total"]
    # Every currency with money in the period; roubles always (the school's own).
    currencies = [c for c in Currency.values if c in gross or c in back or c == Currency.RUB]
    charts, figures = [], []
    for currency in currencies:
        unit = CURRENCY_SYMBOLS.get(currency, currency)
        income = months.series(gross[currency])
        refunds = months.series(back[currency])
        net = [Decimal(i) - Decimal(r) for i, r in zip(income, refunds, strict=True)]
        charts.append(
            Chart(
                key=f"revenue-{currency}",
                title=_("Revenue, %(currency)s") % {"currency": currency},
                kind="line",
                labels=months.labels(),
                series=[
                    Series(_("Payments received"), income),
                    Series(_("Refunds"), refunds),
                    Series(_("Net revenue"), net),
                ],
                unit=unit,
                note=_("Refunds are subtracted in the month they were made."),
            )
        )
        figures.append(Figure(f"revenue-month-{currency}", _("Revenue this month"), net[-1], unit))
    charts.extend(_revenue_by_course(months, currencies))
    return charts, figures


def _revenue_by_course(months: Months, currencies: list[str]) -> list[Chart]:
    start = months.start
    rows = (
        Order.objects.filter(
            Q(paid_at__gte=start) | Q(status=Order.Status.REFUNDED, refunded_at__gte=start),
            paid_at__isnull=False,
        )
        .values("currency", "purpose", "course__translation_key")
        .order_by()
        .annotate(
            title=Max("course_title"),
            paid=Sum("amount", filter=Q(paid_at__gte=start), default=0),
            refunded=Sum(
                "amount",
                filter=Q(status=Order.Status.REFUNDED, refunded_at__gte=start),
                default=0,
            ),
        )
    )
    by_currency: dict = defaultdict(list)
    for r in rows:
        if r["purpose"] != Order.COURSE:
            title = _("Lessons with tutors")
        elif r["course__translation_key"] is None:
            title = _("%(title)s (deleted)") % {"title": r["title"]}
        else:
            title = r["title"]
        by_currency[r["currency"]].append((title, r["paid"] - r["refunded"]))
    charts = []
    for currency in currencies:
        top = sorted(by_currency[currency], key=lambda pair: (-pair[1], pair[0]))[:TOP]
        charts.append(
            Chart(
                key=f"revenue-by-course-{currency}",
                title=_("Revenue by course, %(currency)s") % {"currency": currency},
                kind="horizontal-bar",
                labels=[title for title, _net in top],
                series=[Series(_("Net revenue"), [net for _title, net in top])],
                unit=CURRENCY_SYMBOLS.get(currency, currency),
            )
        )
    return charts


def learner_parts(months: Months, weeks: Weeks) -> tuple[list[Chart], list[Figure]]:
    zone = site_zone()
    # A new learner: their first enrollment ever falls in the month (no earlier one exists).
    earlier = Enrollment.objects.filter(
        user_id=OuterRef("user_id"), enrolled_at__lt=OuterRef("enrolled_at")
    )
    new_by = {
        r["m"]: r["n"]
        for r in Enrollment.objects.filter(enrolled_at__gte=months.start)
        .filter(~Exists(earlier))
        .annotate(m=TruncMonth("enrolled_at", tzinfo=zone))
        .values("m")
        .order_by()
        .annotate(n=Count("user_id", distinct=True))
    }
    active: dict = defaultdict(set)
    sources = [
        LessonProgress.objects.filter(updated_at__gte=weeks.start).values_list(
            "user_id", TruncWeek("updated_at", tzinfo=zone)
        ),
        Submission.objects.filter(submitted_at__gte=weeks.start).values_list(
            "student_id", TruncWeek("submitted_at", tzinfo=zone)
        ),
        Attendance.objects.filter(lesson__start__gte=weeks.start, status__in=ATTENDED).values_list(
            "student_id", TruncWeek("lesson__start", tzinfo=zone)
        ),
    ]
    for source in sources:
        for person, week in source.order_by().distinct():
            active[Weeks.key(week)].add(person)
    active_counts = {week: len(people) for week, people in active.items()}
    new_series = months.series(new_by)
    active_series = weeks.series(active_counts)
    top = list(
        Enrollment.objects.filter(enrolled_at__gte=months.start)
        .values("course__translation_key")
        .order_by()
        .annotate(n=Count("id"), title=Max("course__title"))
        .order_by("-n", "title")[:TOP]
    )
    charts = [
        Chart(
            key="new-learners",
            title=_("New learners"),
            kind="bar",
            labels=months.labels(),
            series=[Series(_("Learners"), new_series)],
            note=_("People whose first enrollment was that month."),
        ),
        Chart(
            key="active-learners",
            title=_("Active learners"),
            kind="line",
            labels=weeks.labels(),
            series=[Series(_("Learners"), active_series)],
            note=_(
                "People who worked on a lesson, handed in homework or attended a live "
                "lesson that week."
            ),
        ),
        Chart(
            key="top-courses",
            title=_("Top courses by enrollments"),
            kind="horizontal-bar",
            labels=[r["title"] for r in top],
            series=[Series(_("Enrollments"), [r["n"] for r in top])],
        ),
    ]
    figures = [
        Figure("new-learners-month", _("New learners this month"), new_series[-1]),
        Figure("active-learners-week", _("Active learners this week"), active_series[-1]),
    ]
    return charts, figures


def load_parts(now: datetime) -> tuple[list[Chart], list[Figure]]:
    """Tutors' hours of live lessons: the average of the last four weeks, this week and the
    next, from the timetable (rules expanded, moves and cancellations counted)."""
    weeks = Weeks.last(LOAD_WEEKS_BACK + 1, ahead=1, now=now)
    hours: dict = defaultdict(lambda: defaultdict(float))
    for o in all_occurrences(weeks.start, weeks.end):
        hours[o.teacher_id][Weeks.key(o.start)] += (o.end - o.start).total_seconds()
    past, this, following = weeks.mondays[:-2], weeks.mondays[-2], weeks.mondays[-1]
    names = {
        u.pk: u.get_full_name() or u.email
        for u in User.objects.filter(pk__in=list(hours)).only("first_name", "last_name", "email")
    }
    rows = sorted(
        (
            (
                names.get(teacher, str(teacher)),
                _hours(sum(by_week[w] for w in past) / len(past)),
                _hours(by_week[this]),
                _hours(by_week[following]),
            )
            for teacher, by_week in hours.items()
        ),
        key=lambda row: (-row[2], -row[1], row[0]),
    )
    chart = Chart(
        key="tutors-load",
        title=_("Tutors' load"),
        kind="horizontal-bar",
        labels=[r[0] for r in rows],
        series=[
            Series(_("Average of the last 4 weeks"), [r[1] for r in rows]),
            Series(_("This week"), [r[2] for r in rows]),
            Series(_("Next week"), [r[3] for r in rows]),
        ],
        unit=_("h"),
    )
    total = sum((r[2] for r in rows), Decimal(0))
    return [chart], [Figure("teaching-hours-week", _("Live lesson hours this week"), total, _("h"))]


def pool_parts(weeks: Weeks) -> tuple[list[Chart], list[Figure]]:
    """The video pool: hours lessons held a pool account (started → ended) per week, and the
    most lessons on Zoom at once against the pool's size.

    The pool keeps no history of which account a lesson had, so hours are per week, not per
    account."""
    lessons = LiveLesson.objects.filter(
        ~Q(zoom_meeting_id=""), started_at__isnull=False, started_at__gte=weeks.start
    ).values_list("started_at", "ended_at", "end")
    seconds: dict = defaultdict(float)
    spans: dict = defaultdict(list)
    for started, ended, end in lessons:
        finish = ended or max(end, started)
        seconds[Weeks.key(started)] += (finish - started).total_seconds()
        spans[Weeks.key(started)].append((started, finish))
    size = pool_size()
    peak = {week: _peak(items) for week, items in spans.items()}
    share = {week: (Decimal(n * 100) / size).quantize(Decimal("1")) for week, n in peak.items()}
    hours = weeks.series({week: _hours(s) for week, s in seconds.items()})
    charts = [
        Chart(
            key="zoom-hours",
            title=_("Zoom pool: hours in use"),
            kind="bar",
            labels=weeks.labels(),
            series=[Series(_("Hours"), hours)],
            unit=_("h"),
        ),
        Chart(
            key="zoom-peak",
            title=_("Zoom pool: busiest moment of the week"),
            kind="line",
            labels=weeks.labels(),
            series=[
                Series(
                    _("Share of the pool"),
                    weeks.series(share) if size else [None] * len(weeks.mondays),
                )
            ],
            unit="%",
            note=_("The most lessons on Zoom at once, as a share of the pool's accounts."),
        ),
    ]
    figures = [
        Figure("zoom-accounts", _("Zoom accounts in the pool"), size),
        Figure("zoom-hours-week", _("Zoom hours this week"), hours[-1], _("h")),
    ]
    return charts, figures


def _peak(spans: list[tuple[datetime, datetime]]) -> int:
    events = sorted([(s, 1) for s, _e in spans] + [(e, -1) for _s, e in spans])
    most = now = 0
    for _moment, step in events:  # an end before a start at the same moment (-1 < 1)
        now += step
        most = max(most, now)
    return most
