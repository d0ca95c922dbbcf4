"""What the home page shows of the catalog: a few popular courses and tutors.

The courses app registers these with ``home.featured`` when it starts (home sits below it).
"""

from wagtail.models import Locale

from home.languages import own_language_first, shown_in

from .images import prefetch_images
from .models import CoursePage, TutorPage
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
