"""The home page's "What learners say" (registered with ``home.featured`` in apps.py).

Pinned reviews first, then the best recent ones (``reading.featured``), each linked to the
page of what it reviews in the home page's language when there is one: the course's
translation, else the page it was written on; the tutor's page in that language, else any.
Three queries whatever the reviews: the reviews, the pages' view restrictions, the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from wagtail.models import Locale, Page

from . import reading
from .models import Review


@dataclass(frozen=True)
class FeaturedReview:
    review: Review
    author_name: str
    page: Page | None  # the reviewed course's or tutor's page; None when it is not live

    @property
    def text(self) -> str:
        return self.review.text

    @property
    def rating(self) -> int:
        return self.review.rating

    @property
    def language(self) -> str:
        return self.review.language

    @property
    def is_course(self) -> bool:
        return self.review.course_id is not None


def _in_locale_first(locale: Locale) -> Case:
    return Case(When(locale=locale, then=Value(0)), default=Value(1), output_field=IntegerField())


def featured_reviews(locale: Locale) -> list[FeaturedReview]:
    reviews = reading.featured(locale)
    if not reviews:
        return []
    keys = {r.course_key for r in reviews if r.course_key}
    tutor_ids = {r.tutor_id for r in reviews if r.tutor_id}
    # Course and tutor pages in one query whatever the mix (a translation key is one page's
    # translations, so it names a course here); the page in this language first.
    pages = (
        Page.objects.live()
        .public()
        .filter(Q(translation_key__in=keys) | Q(tutorpage__user_id__in=tutor_ids))
        .annotate(tutor_user_id=F("tutorpage__user_id"))
        .order_by(_in_locale_first(locale), "pk")
    )
    courses: dict = {}
    tutors: dict = {}
    for page in pages:
        if page.tutor_user_id is not None:
            tutors.setdefault(page.tutor_user_id, page)
        else:
            courses.setdefault(page.translation_key, page)
    return [
        FeaturedReview(
            review=review,
            author_name=reading.public_name(review.author),
            page=(
                courses.get(review.course_key) if review.course_key else tutors.get(review.tutor_id)
            ),
        )
        for review in reviews
    ]
