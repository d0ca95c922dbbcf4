"""What the home page shows of the catalog: a few popular courses and tutors.

The courses app registers these with ``home.featured`` when it starts (home sits below it).
"""

from wagtail.models import Locale

from .images import prefetch_images
from .models import CoursePage, TutorPage
from .models.tutors import PHOTO_RENDITION

HOME_COURSES = 6
HOME_TUTORS = 4


def featured_courses(locale: Locale) -> list:
    courses = CoursePage.objects.in_catalog(locale).order_by(
        "-students_count", "-first_published_at"
    )
    return list(courses.for_listing()[:HOME_COURSES])


def featured_tutors(locale: Locale) -> list:
    tutors = (
        TutorPage.objects.live()
        .public()
        .filter(locale=locale)
        .defer_streamfields()
        .prefetch_related("subjects")
        .order_by("path")
    )
    return list(prefetch_images(tutors, "photo", PHOTO_RENDITION)[:HOME_TUTORS])
