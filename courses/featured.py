"""What the home page shows of the catalog: the catalog, its subjects, popular courses, tutors.

The courses app registers these with ``home.featured`` when it starts (home sits below it).
"""

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from wagtail.models import Locale

from home.languages import own_language_first, shown_in

from .images import prefetch_images
from .models import Category, CourseIndexPage, CoursePage, TutorPage
from .models.tutors import PHOTO_RENDITION

HOME_COURSES = 6
HOME_TUTORS = 4


def featured_courses(locale: Locale) -> list:
    courses = CoursePage.objects.shown_in(locale).order_by(
        own_language_first(locale), "-students_count", "-first_published_at"
    )
    return list(courses.for_listing()[:HOME_COURSES])


def featured_tutors(locale: Locale) -> list:
    tutors = (
        shown_in(TutorPage.objects.live().public(), locale)
        .defer_streamfields()
        .select_related("locale")
        .prefetch_related("subjects")
        .order_by(own_language_first(locale), "path")
    )
    return list(prefetch_images(tutors, "photo", PHOTO_RENDITION)[:HOME_TUTORS])


def course_catalog(locale: Locale) -> list:
    """The catalog page of this language (a list of one, or none): the banner's main button."""
    return list(CourseIndexPage.objects.live().public().filter(locale=locale)[:1])


@dataclass(frozen=True)
class CategoryTile:
    name: str
    icon: str
    count: int
    url: str


def featured_categories(locale: Locale) -> list[CategoryTile]:
    """Top-level subjects that have courses in this language, each linking to the catalog
    filtered by it (a top subject counts its sub-subjects' courses too)."""
    catalog = course_catalog(locale)
    if not catalog:
        return []
    counts: Counter = Counter()
    rows = (
        CoursePage.objects.in_catalog(locale)
        .order_by()
        .values("category_id", "category__parent_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        top = row["category__parent_id"] or row["category_id"]
        if top:
            counts[top] += row["n"]
    base = catalog[0].url
    return [
        CategoryTile(c.name, c.icon, counts[c.pk], f"{base}?{urlencode({'category': c.slug})}")
        for c in Category.objects.filter(pk__in=counts, parent=None).order_by("sort_order", "name")
    ]
