"""The feed: video posts of the tutors a person follows first, then recommended and popular
ones, in the active language, one page in a fixed number of queries.

Tiers, each sorted by the chosen order (newest, or popular with time decay):

0. posts of tutors the person follows;
1. recommended: posts of tutors who teach a subject of the person's courses (their open
   enrollments' categories and those categories' parents) or one named in their
   interests (``StudentProfile.interests``: comma- or line-separated terms matched against
   category names, in any language: categories are compared by translation key);
2. every other post.

Someone who follows nobody starts at tier 1, so a newcomer sees recommendations, then the
rest. Only live, public posts in the active locale with a ``PostStats`` row are listed.

Popularity with time decay, computed in SQL (``popularity``):

    score = (likes + 2 · comments + 1) / (hours since first published + 2) ^ 1.5

A comment counts twice a like (it costs more to write); the +1 lets a new post with no
reactions rank by age; the +2 keeps a post's first hours from dividing by almost nothing;
the exponent 1.5 sets the decay (a post a day old needs about 3.2 times the reactions of
one ten hours old to rank level with it: (26 / 12) ^ 1.5).

Queries for one page: view restrictions (Wagtail's ``public()``), the learner's profile,
the count and the page's ids (the order over narrow rows: posts, their figures, the tier's
subqueries), the page's posts in full (with ``liked``), and the tutor photos with their
renditions: the same for 3 posts or 30.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Power
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import StudentProfile
from core import personal, sites
from core.permissions import is_signed_in
from courses.images import prefetch_images, renditions_ready
from courses.models import Category, TutorPage, TutorVideoPage
from courses.models.tutors import PHOTO_RENDITION
from home import page_cache
from learning.enrollment.models import Enrollment
from videos.posters import posters

from ..app_settings import app_settings
from ..errors import InvalidSort
from ..models import Follow, PostLike

if TYPE_CHECKING:
    from accounts.models import User

SORTS = ("new", "popular")
COMMENT_WEIGHT = 2
GRAVITY = 1.5
HOURS_OFFSET = 2
# Interest terms looked up at most (a long free-text field must not make a huge query).
MAX_INTEREST_TERMS = 10


class HoursSince(Func):
    """Hours from a datetime column to ``now`` (never below 0), as a float."""

    output_field = FloatField()

    def __init__(self, field: str, now: datetime) -> None:
        super().__init__(Value(now, output_field=DateTimeField()), F(field))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            # EXTRACT gives numeric (PostgreSQL 14+): as double precision, so POWER does not
            # run numeric arithmetic (many times slower) over every post.
            template=(
                "GREATEST(CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)"
                " / 3600.0, 0)"
            ),
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="MAX((julianday(%(expressions)s)) * 24.0, 0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def popularity(now: datetime) -> Func:
    """The decayed score (see the module docstring) of a post, from its ``stats`` row."""
    reactions = (
        Cast(F("stats__like_count"), FloatField())
        + Cast(F("stats__comment_count"), FloatField()) * COMMENT_WEIGHT
        + Value(1.0)
    )
    age = HoursSince("stats__published_at", now) + Value(float(HOURS_OFFSET))
    return reactions / Power(age, Value(GRAVITY))


def interest_terms(text: str) -> list[str]:
    terms = [t.strip() for t in re.split(r"[,;\n]+", text or "") if len(t.strip()) >= 3]
    return terms[:MAX_INTEREST_TERMS]


def recommended_keys(user: User) -> QuerySet | None:
    """The translation keys of the categories recommended to the person (a subquery), or
    None when there is nothing to go by. Reads the profile (one query)."""
    profile = StudentProfile.objects.filter(user=user).only("interests").first()
    matched = Q(pk__in=[])
    for term in interest_terms(profile.interests if profile else ""):
        # PostgreSQL folds case in any script; SQLite only in ASCII, so the usual spellings
        # of a Cyrillic term are asked for as they are.
        for spelling in {term, term.lower(), term.capitalize()}:
            matched |= Q(name__icontains=spelling)
    studied = Enrollment.objects.filter(user=user, status__in=Enrollment.OPEN)
    matched |= Q(pk__in=studied.values("course__category_id"))
    matched |= Q(pk__in=studied.values("course__category__parent_id"))
    return Category.objects.filter(matched).values("translation_key")


def _annotations(user: User, now: datetime) -> dict:
    followed = Exists(Follow.objects.filter(follower=user, tutor_id=OuterRef("stats__tutor_id")))
    recommended = Exists(
        TutorPage.subjects.through.objects.filter(
            tutorpage_id=OuterRef("stats__tutor_page_id"),
            category__translation_key__in=recommended_keys(user),
        )
    )
    return {
        "tier": Case(
            When(followed, then=Value(0)),
            When(recommended, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "score": popularity(now),
    }


def _ordered(user: User, sort: str, locale: Locale | None, now: datetime | None):
    """(the feed's posts in order, narrow: no columns fetched yet; the annotations)."""
    if sort not in SORTS:
        raise InvalidSort()
    now = now or timezone.now()
    locale = locale or sites.active_locale()
    annotations = _annotations(user, now)
    posts = (
        TutorVideoPage.objects.live()
        .public()
        .filter(locale=locale, stats__isnull=False)
        .annotate(**annotations)
    )
    order = "-score" if sort == "popular" else "-stats__published_at"
    return posts.order_by("tier", order, "-pk"), annotations


def _liked(user: User) -> Exists | Value:
    if not is_signed_in(user):
        return Value(False, output_field=BooleanField())
    return Exists(PostLike.objects.filter(user=user, post_id=OuterRef("pk")))


def _full(user: User, posts: QuerySet, annotations: dict) -> QuerySet[TutorVideoPage]:
    """What a card shows: the post, its figures, its tutor's page and photo, ``liked``."""
    return prefetch_images(
        posts.defer_streamfields()
        .select_related("stats", "stats__tutor_page")
        .annotate(liked=_liked(user), **annotations),
        "stats__tutor_page__photo",
        PHOTO_RENDITION,
    )


def ordered_ids(
    user: User, sort: str = "new", *, locale: Locale | None = None, now: datetime | None = None
) -> tuple[QuerySet, dict]:
    """(the feed's post ids in order, the annotations ``load`` gives each card)."""
    posts, annotations = _ordered(user, sort, locale, now)
    return posts.values_list("pk", flat=True), annotations


def feed_queryset(
    user: User, sort: str = "new", *, locale: Locale | None = None, now: datetime | None = None
) -> QuerySet[TutorVideoPage]:
    """Every post of the feed in order, each annotated with ``tier``, ``score`` and
    ``liked`` (by this person), in one query. Lists use ``feed`` (two narrow steps: the
    order over ids, then the page's cards), which stays fast over many posts."""
    posts, annotations = _ordered(user, sort, locale, now)
    return _full(user, posts, annotations)


def load(user: User, ids: list[int], annotations: dict) -> list[TutorVideoPage]:
    """The cards of the given posts, in the order of ``ids`` (one query, the photos, and the
    posters: each card's ``poster_url``, empty for none)."""
    found = {p.pk: p for p in _full(user, TutorVideoPage.objects.filter(pk__in=ids), annotations)}
    pictures = posters(found.values())
    for pk, post in found.items():
        post.poster_url = pictures.get(pk, "")
    return [found[pk] for pk in ids if pk in found]


def feed(
    user: User,
    sort: str = "new",
    page: int | str | None = 1,
    *,
    locale: Locale | None = None,
    per_page: int | None = None,
    now: datetime | None = None,
) -> PaginatorPage:
    """One page of the person's feed (Django's paginator page; a bad number gives the
    nearest page). The order is found over post ids alone (the count, then one page of
    ids); only that page's posts are read in full."""
    posts, annotations = _ordered(user, sort, locale, now)
    size = per_page or app_settings.COMMUNITY_FEED_PAGE_SIZE
    found = Paginator(posts.values_list("pk", flat=True), size).get_page(page)
    found.object_list = load(user, list(found.object_list), annotations)
    return found


# The cabinet's preview is kept for the person (core.personal) until they follow, like, change
# their interests or enrollments, or a page is published; others' likes and comments and a
# poster made ready change figures the desk may show this much later.
PREVIEW_SECONDS = 5 * 60


def feed_preview(user: User, limit: int = 4, *, locale: Locale | None = None) -> list:
    """The feed's first posts (the cabinet's home), no count."""
    locale = locale or sites.active_locale()

    def first() -> list:
        posts, annotations = _ordered(user, "new", locale, None)
        return load(user, list(posts.values_list("pk", flat=True)[:limit]), annotations)

    if not is_signed_in(user):
        return first()
    return personal.kept(
        user,
        "feed-preview",
        (limit, locale.pk if locale else None),
        first,
        also=(page_cache.CONTENT_KEY,),
        timeout=PREVIEW_SECONDS,
        keep=lambda posts: renditions_ready(
            (p.stats.tutor_page.photo for p in posts if p.stats.tutor_page), PHOTO_RENDITION
        ),
    )
