"""Raw course page views rolled up into ``CourseViewDay`` rows, and old raw views pruned.

One aggregate query per run (GROUP BY course and the day in the site's time zone), then the
days' rows replaced in one transaction: running a day again gives the same rows. Days whose
raw views were already pruned are left as they are (their aggregates are all there is).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, Count, Min, Q, Value, When
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils import timezone

from learning.enrollment.models import CourseView

from ..app_settings import app_settings
from ..models import CourseViewDay, RolledUpDay

Device = CourseView.Device
BATCH = 2000


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_start(day: date) -> datetime:
    """Midnight of ``day`` in the site's time zone (days are the site's, not UTC's)."""
    return datetime.combine(day, time.min, tzinfo=site_zone())


def today() -> date:
    return timezone.now().astimezone(site_zone()).date()


def _visitor():
    """Who viewed: the person, else the session, else the view itself (a visitor of one)."""
    text = CharField()
    return Case(
        When(user__isnull=False, then=Concat(Value("u"), Cast("user_id", text), output_field=text)),
        When(~Q(session_key=""), then=Concat(Value("s"), "session_key", output_field=text)),
        default=Concat(Value("v"), Cast("id", text), output_field=text),
        output_field=text,
    )


def _aggregate(first: date, last: date):
    people = ~Q(device=Device.BOT)
    return (
        CourseView.objects.filter(
            viewed_at__gte=day_start(first), viewed_at__lt=day_start(last + timedelta(days=1))
        )
        .annotate(day=TruncDate("viewed_at", tzinfo=site_zone()))
        .values("course_id", "day")
        .order_by()
        .annotate(
            n_views=Count("id", filter=people),
            n_visitors=Count(_visitor(), filter=people, distinct=True),
            n_desktop=Count("id", filter=Q(device=Device.DESKTOP)),
            n_mobile=Count("id", filter=Q(device=Device.MOBILE)),
            n_tablet=Count("id", filter=Q(device=Device.TABLET)),
            n_bots=Count("id", filter=Q(device=Device.BOT)),
            n_referred=Count("id", filter=people & ~Q(source="")),
        )
    )


def rollup(first: date, last: date | None = None) -> int:
    """Roll up the days ``first``..``last`` (inclusive; one day without ``last``). Returns the
    number of rows written. Idempotent: the days' rows are replaced by what the raw views say."""
    last = last or first
    pruned = set(
        RolledUpDay.objects.filter(day__range=(first, last), pruned_at__isnull=False).values_list(
            "day", flat=True
        )
    )
    rows = [
        CourseViewDay(
            course_id=r["course_id"],
            day=r["day"],
            views=r["n_views"],
            visitors=r["n_visitors"],
            desktop=r["n_desktop"],
            mobile=r["n_mobile"],
            tablet=r["n_tablet"],
            bots=r["n_bots"],
            referred=r["n_referred"],
        )
        for r in _aggregate(first, last)
        if r["day"] not in pruned
    ]
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d not in pruned]
    now = timezone.now()
    with transaction.atomic():
        CourseViewDay.objects.filter(day__range=(first, last)).exclude(day__in=pruned).delete()
        CourseViewDay.objects.bulk_create(rows, batch_size=BATCH)
        RolledUpDay.objects.bulk_create(
            [RolledUpDay(day=d, rolled_up_at=now) for d in days],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["day"],
            update_fields=["rolled_up_at"],
        )
    return len(rows)


def complete(day: date, rolled_up_at: datetime) -> bool:
    """Rolled up after the day ended: nothing can be added to it any more."""
    return rolled_up_at >= day_start(day + timedelta(days=1))


def pending_first_day() -> date | None:
    """The first day the nightly run must roll up: the day after the last one rolled up after
    it ended (a day rolled up while still running is done again), else the first raw view's."""
    for day, rolled_up_at in RolledUpDay.objects.order_by("-day").values_list(
        "day", "rolled_up_at"
    )[:62]:
        if complete(day, rolled_up_at):
            return day + timedelta(days=1)
    first_view = CourseView.objects.aggregate(first=Min("viewed_at"))["first"]
    return first_view.astimezone(site_zone()).date() if first_view else None


def rollup_pending() -> tuple[date, date] | None:
    """What beat runs nightly: every day from the first pending one through yesterday."""
    first, last = pending_first_day(), today() - timedelta(days=1)
    if first is None or first > last:
        return None
    rollup(first, last)
    return first, last


def prune(*, now: datetime | None = None) -> int:
    """Delete raw views older than ANALYTICS_RAW_VIEWS_RETENTION_DAYS, but only of days rolled
    up after they ended; a day never rolled up keeps its raw views. Returns views deleted."""
    now = now or timezone.now()
    cutoff = now.astimezone(site_zone()).date() - timedelta(
        days=app_settings.ANALYTICS_RAW_VIEWS_RETENTION_DAYS
    )
    days = [
        day
        for day, rolled_up_at in RolledUpDay.objects.filter(
            day__lt=cutoff, pruned_at__isnull=True
        ).values_list("day", "rolled_up_at")
        if complete(day, rolled_up_at)
    ]
    deleted = 0
    for day in days:  # one day at a time: short transactions, each day marked with its delete
        with transaction.atomic():
            deleted += CourseView.objects.filter(
                viewed_at__gte=day_start(day), viewed_at__lt=day_start(day + timedelta(days=1))
            ).delete()[0]
            RolledUpDay.objects.filter(day=day).update(pruned_at=now)
    return deleted
