"""Ranking tutors for a request, with the reasons in words.

Each published tutor of the request's subject (the same, a broader or a narrower one) gets a
score out of 100 from six parts:

- subject fit (25): the very subject, else a narrower one they teach, else a broader one;
- level (10): they list the level; a tutor who lists no levels gets half;
- language (15): they teach in the request's language; no languages listed: a third;
- price (20): within the budget (compared in roubles, ``CATALOG_EXCHANGE_RATES``); above it
  the part falls to nothing at 50 % over; no budget: full;
- rating (10): the damped average of ``courses.ratings`` (a tutor without reviews sits at the
  site's mean, as a Bayesian prior does), out of 5;
- time (20): minutes a week the learner's windows share with the tutor's free time, against
  ``min(the windows' length, REQUESTS_FULL_OVERLAP_MINUTES)``.

The time is measured on a real week, the first from the request's start date (or today): the
learner's windows in their time zone and the tutor's free time (their weekly hours in theirs,
date exceptions and lessons taken away, ``learning.schedule.services.free_hours``) become
instants and are intersected, so different zones and clock changes count right.

The cost is a fixed number of queries (the tutors with their subjects and languages, their
levels, the ratings' mean, the hours and the week's timetable) whatever the number of tutors
or the length of their timetables' history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import TeacherProfile, User
from courses import ratings
from courses.app_settings import app_settings as courses_settings
from courses.free_time import TIMES_OF_DAY
from courses.models import TutorLanguage, TutorPage
from courses.tutor_search import WEEKDAY_CHOICES
from learning.schedule import recurrence
from learning.schedule.services import free_hours

from ..app_settings import app_settings
from ..models import Level, TutorLevel, TutorRequest

WEIGHTS = {"subject": 25, "level": 10, "language": 15, "price": 20, "rating": 10, "time": 20}
NARROWER, BROADER = 0.8, 0.6  # subject fit of a sub-category, of the parent category
PRICE_FALLS_TO_ZERO_AT = Decimal("0.5")  # 50 % above the budget
WEEK = timedelta(days=7)


@dataclass
class Match:
    """One tutor for a request: their score out of 100 and why."""

    tutor: User
    page: TutorPage
    score: float
    overlap_minutes: int
    within_budget: bool | None
    parts: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        text = ", ".join(self.reasons)
        return text[:1].upper() + text[1:]


def to_roubles(amount: Decimal | None, currency: str) -> Decimal | None:
    rate = courses_settings.CATALOG_EXCHANGE_RATES.get(currency)
    if amount is None or rate is None:
        return None
    return amount * Decimal(str(rate))


def reference_week(request: TutorRequest) -> tuple[datetime, datetime]:
    """The first week of lessons: from the start date (today if it has passed), in the
    learner's time zone."""
    tz = recurrence.zone(request.timezone)
    first = max(request.start_date, timezone.now().astimezone(tz).date())
    start = recurrence.wall_clock(first, datetime.min.time(), tz)
    return start, recurrence.wall_clock(first + WEEK, datetime.min.time(), tz)


def learner_spans(request: TutorRequest, start: datetime) -> list[tuple[datetime, datetime]]:
    tz = recurrence.zone(request.timezone)
    first = start.astimezone(tz).date()
    spans = []
    for offset in range(7):
        day = first + timedelta(days=offset)
        for window in request.windows.all():
            if window.weekday == day.weekday():
                spans.append(
                    (
                        recurrence.wall_clock(day, window.start_time, tz),
                        recurrence.wall_clock(day, window.end_time, tz),
                    )
                )
    return spans


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def _part_of_day(moment: datetime) -> str:
    at = moment.time()
    for name, (opens, closes) in TIMES_OF_DAY.items():
        if opens <= at < closes:
            return name
    return "night"


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def describe_times(shared: list[tuple[datetime, datetime]], tz_name: str) -> str:
    """ "free on Tue and Thu evenings" from the shared spans, in the learner's time zone
    (each span named by its middle's weekday and part of the day)."""
    tz = recurrence.zone(tz_name)
    days = dict(WEEKDAY_CHOICES)
    by_part: dict[str, list[int]] = {}
    for start, end in sorted(shared):
        middle = (start + (end - start) / 2).astimezone(tz)
        weekdays = by_part.setdefault(_part_of_day(middle), [])
        if middle.weekday() not in weekdays:
            weekdays.append(middle.weekday())
    templates = {
        "morning": _("%(days)s mornings"),
        "afternoon": _("%(days)s afternoons"),
        "evening": _("%(days)s evenings"),
        "night": _("%(days)s nights"),
    }
    phrases = [
        templates[part] % {"days": _and([str(days[str(d)]) for d in sorted(weekdays)])}
        for part in ("morning", "afternoon", "evening", "night")
        if (weekdays := by_part.get(part))
    ]
    return _("free on %(times)s") % {"times": _and(phrases)}


def teaches_in(code: str, name: str, *, negated: bool = False) -> str:
    """ "teaches in Russian": a whole phrase per language, as Russian needs its own case."""
    phrases = {
        ("ru", False): _("teaches in Russian"),
        ("en", False): _("teaches in English"),
        ("ru", True): _("does not teach in Russian"),
        ("en", True): _("does not teach in English"),
    }
    if (code, negated) in phrases:
        return phrases[code, negated]
    if negated:
        return _("does not teach in %(language)s") % {"language": name}
    return _("teaches in %(language)s") % {"language": name}


def _intersect(
    learner: list[tuple[datetime, datetime]], free: list
) -> list[tuple[datetime, datetime]]:
    shared = []
    for l_start, l_end in learner:
        for slot in free:
            start, end = max(l_start, slot.start), min(l_end, slot.end)
            if start < end:
                shared.append((start, end))
    return shared


@dataclass(frozen=True)
class Taught:
    """A subject a tutor's page lists, as far as the subject fit needs it."""

    key: object  # the category's translation key
    parent_key: object | None
    name: str


def _candidates(request: TutorRequest) -> tuple[dict[int, list[TutorPage]], dict[int, list]]:
    """Each published tutor of the subject (by user) with their live pages, and the subjects
    of those pages by page id: four queries. (The subjects are read as rows: modelcluster's
    own prefetch of a ParentalManyToManyField costs far more for a thousand pages.)"""
    subject = request.subject
    key = subject.translation_key
    fits = Q(subjects__translation_key=key) | Q(subjects__parent__translation_key=key)
    if subject.parent_id is not None:
        fits |= Q(subjects__translation_key=subject.parent.translation_key)
    pages = (
        TutorPage.objects.live()
        .public()
        .filter(pk__in=TutorPage.objects.filter(fits).values("pk"))
        .filter(user__isnull=False, user__is_active=True, user__role=User.Role.TEACHER)
        .exclude(user_id=request.learner_id)
        .defer_streamfields()
        .select_related("user__teacher_profile", "locale")
        .prefetch_related(Prefetch("lesson_languages", queryset=TutorLanguage.objects.order_by()))
        .order_by("user_id", "pk")
    )
    by_user: dict[int, list[TutorPage]] = {}
    for page in pages:
        by_user.setdefault(page.user_id, []).append(page)
    page_ids = [page.pk for listed in by_user.values() for page in listed]
    subjects: dict[int, list[Taught]] = {}
    rows = TutorPage.subjects.through.objects.filter(tutorpage_id__in=page_ids).values_list(
        "tutorpage_id",
        "category__translation_key",
        "category__parent__translation_key",
        "category__name",
    )
    for page_id, taught_key, parent_key, name in rows:
        subjects.setdefault(page_id, []).append(Taught(taught_key, parent_key, name))
    return by_user, subjects


def _subject_fit(
    request: TutorRequest, pages: list[TutorPage], subjects: dict[int, list[Taught]]
) -> tuple[float, str]:
    subject = request.subject
    parent_key = subject.parent.translation_key if subject.parent_id else None
    best, name = 0.0, ""
    for page in pages:
        for taught in subjects.get(page.pk, []):
            if taught.key == subject.translation_key:
                return 1.0, ""
            if taught.parent_key == subject.translation_key:
                if best < NARROWER:
                    best, name = NARROWER, taught.name  # a sub-category of the asked one
            elif taught.key == parent_key and best < BROADER:
                best, name = BROADER, taught.name
    return best, name


def match(request: TutorRequest, *, limit: int | None = None) -> list[Match]:
    """The tutors for ``request``, best first (ties: the earlier account), each explained in
    the active language."""
    request = (
        TutorRequest.objects.select_related("subject__parent")
        .prefetch_related("windows")
        .get(pk=request.pk)
    )
    by_user, subjects = _candidates(request)
    if not by_user:
        return []
    levels: dict[int, set[str]] = {}
    for row in TutorLevel.objects.filter(tutor_id__in=list(by_user)).values("tutor_id", "level"):
        levels.setdefault(row["tutor_id"], set()).add(row["level"])
    mean = ratings.tutor_mean(TeacherProfile.objects.all())
    weight = max(1, ratings.prior_weight())
    start, end = reference_week(request)
    learner = learner_spans(request, start)
    wanted = sum(_minutes(a, b) for a, b in learner)
    full_time = max(1, min(wanted, app_settings.REQUESTS_FULL_OVERLAP_MINUTES))
    free = free_hours(list(by_user), start, end)
    budget = to_roubles(request.budget, request.currency)
    language_name = dict(settings.LANGUAGES).get(request.language, request.language)
    level_name = Level(request.level).label

    matches = []
    for user_id, pages in by_user.items():
        own = [p for p in pages if p.locale.language_code == request.language]
        page = (own or pages)[0]
        tutor = page.user
        parts: dict[str, float] = {}
        reasons: list[str] = []

        # Time first: it is what the learner asked most precisely.
        overlap = 0
        if user_id in free:
            shared = _intersect(learner, free[user_id][1])
            overlap = sum(_minutes(a, b) for a, b in shared)
            reasons.append(
                describe_times(shared, request.timezone)
                if overlap
                else _("no free time in your windows")
            )
        else:
            reasons.append(_("has not set weekly hours"))
        parts["time"] = WEIGHTS["time"] * min(1.0, overlap / full_time)

        price = to_roubles(page.hourly_price, page.currency)
        within: bool | None = None
        if budget is None or price is None:
            parts["price"] = WEIGHTS["price"] * (1.0 if budget is None else 0.5)
        elif price <= budget:
            within = True
            parts["price"] = WEIGHTS["price"]
            reasons.append(_("within budget"))
        else:
            within = False
            over = (price - budget) / budget if budget else Decimal(1)
            share = max(Decimal(0), 1 - over / PRICE_FALLS_TO_ZERO_AT)
            parts["price"] = WEIGHTS["price"] * float(share)
            reasons.append(_("above your budget"))

        languages = {row.language for p in pages for row in p.lesson_languages.all()}
        if request.language in languages:
            parts["language"] = WEIGHTS["language"]
            reasons.append(teaches_in(request.language, language_name))
        elif languages:
            parts["language"] = 0.0
            reasons.append(teaches_in(request.language, language_name, negated=True))
        else:
            parts["language"] = WEIGHTS["language"] / 3

        taught = levels.get(user_id, set())
        if request.level in taught:
            parts["level"] = WEIGHTS["level"]
            reasons.append(_("teaches the level “%(level)s”") % {"level": level_name})
        elif taught:
            parts["level"] = 0.0
            reasons.append(_("does not list the level “%(level)s”") % {"level": level_name})
        else:
            parts["level"] = WEIGHTS["level"] / 2

        profile = getattr(tutor, "teacher_profile", None)
        count = profile.reviews_count if profile else 0
        if count:
            average = float(profile.rating)
            rank = (weight * mean + count * average) / (weight + count)
            reasons.append(
                ngettext(
                    "rated %(rating)s (%(count)d review)",
                    "rated %(rating)s (%(count)d reviews)",
                    count,
                )
                % {"rating": f"{average:.1f}", "count": count}
            )
        else:
            rank = mean
            reasons.append(_("no reviews yet"))
        parts["rating"] = WEIGHTS["rating"] * rank / 5

        fit, broader_name = _subject_fit(request, pages, subjects)
        parts["subject"] = WEIGHTS["subject"] * fit
        if fit < 1:
            reasons.append(_("teaches %(subject)s") % {"subject": broader_name})

        matches.append(
            Match(
                tutor=tutor,
                page=page,
                score=round(sum(parts.values()), 1),
                overlap_minutes=overlap,
                within_budget=within,
                parts=parts,
                reasons=reasons,
            )
        )
    matches.sort(key=lambda m: (-m.score, m.tutor.pk))
    return matches[:limit] if limit is not None else matches
