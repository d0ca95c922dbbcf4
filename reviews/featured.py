"""The home page's "What learners say" (registered with ``home.featured`` in apps.py).

Pinned reviews first, then the best recent ones (``reading.featured``), each linked to the
page of what it reviews in the home page's language when there is one: the course's
translation, else the page it was written on; the tutor's page in that language, else any.
Three queries whatever the reviews: the reviews, the courses' pages, the tutors' pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from wagtail.models import Locale, Page

from courses.models import CoursePage, TutorPage

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
    courses: dict = {}
    if keys:
        found = (
            CoursePage.objects.live()
            .public()
            .filter(translation_key__in=keys)
            .defer_streamfields()
            .order_by(_in_locale_first(locale), "pk")
        )
        for page in found:
            courses.setdefault(page.translation_key, page)
    tutors: dict = {}
    if tutor_ids:
        found = (
            TutorPage.objects.live()
            .public()
            .filter(user_id__in=tutor_ids)
            .defer_streamfields()
            .order_by(_in_locale_first(locale), "pk")
        )
        for page in found:
            tutors.setdefault(page.user_id, page)
    return [
        FeaturedReview(
            review=review,
            author_name=reading.public_name(review.author),
            page=courses.get(review.course_key)
            if review.course_key
            else tutors.get(review.tutor_id),
        )
        for review in reviews
    ]
