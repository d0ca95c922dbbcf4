"""What the home page shows of the catalog: a few popular courses and tutors."""

from wagtail.models import Locale

from .catalog import catalog_courses, for_listing
from .images import prefetch_images
from .models import TutorPage

HOME_COURSES = 6
HOME_TUTORS = 4


def featured_courses(locale: Locale) -> list:
    courses = catalog_courses(locale).order_by("-students_count", "-first_published_at")
    return list(for_listing(courses)[:HOME_COURSES])


def featured_tutors(locale: Locale) -> list:
    tutors = (
        TutorPage.objects.live()
        .public()
        .filter(locale=locale)
        .defer_streamfields()
        .prefetch_related("subjects")
        .order_by("path")
    )
    return list(prefetch_images(tutors, "photo", "fill-320x320")[:HOME_TUTORS])
