"""Reading reviews: the queries the pages, the API and the home page share (no permission
checks; nothing here changes anything).

A target is a course page (any translation: its reviews are the course's, in every language)
or a tutor (the user; their tutor page passes ``page.user``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from wagtail.models import Locale

from courses.models import CoursePage

from .models import Review, ReviewReply

User = get_user_model()
Target = CoursePage | User  # type: ignore[valid-type]

# The public orders of a list of reviews: ?order=… on the pages and in the API.
ORDERS: dict[str, tuple[str, ...]] = {
    "newest": ("-published_at", "-pk"),
    "highest": ("-rating", "-published_at", "-pk"),
    "lowest": ("rating", "-published_at", "-pk"),
}
DEFAULT_ORDER = "newest"
STARS = (5, 4, 3, 2, 1)


def of(target: Target) -> Q:
    """The reviews of this target: every translation of a course, or the tutor as a person."""
    if isinstance(target, CoursePage):
        return Q(course_key=target.translation_key)
    if isinstance(target, User):
        return Q(tutor=target)
    raise TypeError(f"Reviews are not possible on {type(target).__name__}")


def published(
    target: Target, *, order: str = DEFAULT_ORDER, stars: int | None = None
) -> QuerySet[Review]:
    """The target's published reviews, with author and reply joined: a page of them costs one
    query whatever its size. Unknown orders fall back to the newest first."""
    reviews = Review.objects.filter(of(target), status=Review.Status.PUBLISHED)
    if stars in STARS:
        reviews = reviews.filter(rating=stars)
    # The course (the translation it was written on) and the tutor answer "who may reply".
    return (
        reviews.select_related("author", "reply__author", "course", "tutor")
        .defer("course__description")
        .order_by(*ORDERS.get(order, ORDERS[DEFAULT_ORDER]))
    )


def public_reply(review: Review) -> ReviewReply | None:
    """The reply to show under a review: only a published one (no query when it was joined)."""
    try:
        reply = review.reply
    except ReviewReply.DoesNotExist:
        return None
    return reply if reply.is_published else None


@dataclass(frozen=True)
class Summary:
    """A target's published reviews in figures: the plain mean and the 5★…1★ distribution."""

    count: int = 0
    average: Decimal = Decimal("0")
    distribution: dict[int, int] = field(default_factory=dict)

    def bars(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent of all) from 5★ down to 1★, for the distribution bars."""
        return [
            (
                stars,
                n := self.distribution.get(stars, 0),
                round(100 * n / self.count) if self.count else 0,
            )
            for stars in STARS
        ]


def summary(target: Target) -> Summary:
    """One query: the count of published reviews per star, and from it the mean."""
    rows = (
        Review.objects.filter(of(target), status=Review.Status.PUBLISHED)
        .values("rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    distribution = {row["rating"]: row["n"] for row in rows}
    count = sum(distribution.values())
    if not count:
        return Summary(distribution=distribution)
    total = sum(stars * n for stars, n in distribution.items())
    average = (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Summary(count=count, average=average, distribution=distribution)


def written_by(user) -> QuerySet[Review]:
    """The person's own reviews in every state (their cabinet), newest first."""
    return (
        Review.objects.filter(author=user)
        .select_related("course", "tutor", "reply")
        .order_by("-created_at", "-pk")
    )


def featured(locale: Locale, limit: int = 6) -> list[Review]:
    """The home page's "What learners say": pinned reviews first, then the best recent ones;
    reviews written in the page's language before others. One query."""
    language = locale.language_code
    return list(
        Review.objects.filter(status=Review.Status.PUBLISHED)
        .filter(Q(pinned=True) | Q(rating__gte=4))
        .exclude(text="")
        .select_related("author", "course", "tutor")
        .order_by(
            "-pinned",
            ExpressionWrapper(Q(language=language), output_field=BooleanField()).desc(),
            "-rating",
            "-published_at",
            "-pk",
        )[:limit]
    )


def public_name(user) -> str:
    """How a review's author is named in public: the first name and the last name's initial
    ("Анна П."), or the first name alone; never the e-mail address. Empty when there is no
    name (the page then says "A learner")."""
    first = (user.first_name or "").strip()
    last = (user.last_name or "").strip()
    if first and last:
        return f"{first} {last[0]}."
    return first
