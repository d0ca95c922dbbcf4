"""What the cabinet lists: a learner's enrollments, a teacher's learners and courses."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from wagtail.models import Locale

from core import personal
from courses.images import prefetch_images, renditions_ready
from courses.models import CoursePage, TutorPage
from home import media, page_cache

from ..errors import NotEnrolled as NotEnrolled  # re-exported: callers catch it from here
from ..models import Enrollment
from ..permissions import is_enrolled as is_enrolled  # re-exported: other apps ask it here
from ..permissions import lapsed_enrollment as lapsed_enrollment  # the lesson gate asks it
from ..permissions import open_enrollments as open_enrollments  # homework lists by it
from .progress import progress_for_courses


def _tutor_titles_in_active_language() -> QuerySet:
    """The title of the course teacher's live tutor page in the page's language (an English
    reader sees "Olga Lebedeva" on a course of Ольга Лебедева), for a subquery."""
    return (
        TutorPage.objects.live()
        .filter(user_id=OuterRef("course__teacher_id"), locale__language_code=get_language())
        .order_by("pk")
        .values("title")[:1]
    )


def cabinet_enrollments(user) -> dict[str, list[Enrollment]]:
    """The learner's courses: current, completed (30 days), the archive, with progress, and
    those whose access ended (once per course, unless the learner has it again).

    Their rows, courses and progress are kept for the person (core.personal) until one of
    their enrollments or lessons' progress changes or a page is published; whether an access
    has ended is decided on every call (``current_status`` reads the clock)."""
    enrollments = personal.kept(
        user,
        "cabinet-enrollments",
        (get_language(),),  # the teacher's name in the page's language
        lambda: _enrollments_with_progress(user),
        also=(page_cache.CONTENT_KEY,),
        keep=lambda rows: renditions_ready((e.course.cover for e in rows), media.CARD),
    )
    groups: dict[str, list[Enrollment]] = {
        "active": [],
        "completed": [],
        "archive": [],
        "expired": [],
    }
    current = {e.course.translation_key for e in enrollments if e.current_status != "expired"}
    ended: set = set()
    for enrollment in enrollments:
        if enrollment.current_status == Enrollment.Status.EXPIRED:
            key = enrollment.course.translation_key
            if key not in current and key not in ended:
                ended.add(key)
                groups["expired"].append(enrollment)
        elif enrollment.status == Enrollment.Status.ACTIVE:
            groups["active"].append(enrollment)
        elif enrollment.archived_at:
            groups["archive"].append(enrollment)
        else:
            groups["completed"].append(enrollment)
    return groups


def _enrollments_with_progress(user) -> list[Enrollment]:
    enrollments = list(
        prefetch_images(
            Enrollment.objects.filter(
                user=user, status__in=(*Enrollment.OPEN, Enrollment.Status.EXPIRED)
            )
            .select_related("course__teacher", "course__category__parent")
            .annotate(tutor_title=Subquery(_tutor_titles_in_active_language()))
            .order_by("-enrolled_at"),
            "course__cover",
            media.CARD,  # the cards' covers (templates/includes/media/course_cover.html)
        )
    )
    for enrollment in enrollments:
        # What course.teacher_display reads: the page's name in this language, else the account's.
        enrollment.course.teacher_name = enrollment.tutor_title
    percent = progress_for_courses(user, [e.course for e in enrollments])
    for enrollment in enrollments:
        enrollment.percent = percent.get(enrollment.course_id, 0)
    return enrollments


def learner_ids(teacher) -> QuerySet:
    """Who studies with this person: the ids of people with an open enrollment in a course
    they teach (its teacher or owner). Registered as a source of ``accounts.students``."""
    return Enrollment.objects.filter(
        Q(course__teacher=teacher) | Q(course__owner=teacher), status__in=Enrollment.OPEN
    ).values("user_id")


def teacher_courses(user, locale: Locale | None = None) -> list[CoursePage]:
    """The courses the person teaches or owns, one row per course whatever its translations:
    the page in ``locale`` where there is one, else the first made. Each carries
    ``open_enrollments`` (learners of every translation) and ``languages`` (its translations'
    codes). One query."""
    learners = (
        Enrollment.objects.filter(
            course__translation_key=OuterRef("translation_key"), status__in=Enrollment.OPEN
        )
        .order_by()
        .values("course__translation_key")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    pages = (
        CoursePage.objects.filter(Q(teacher=user) | Q(owner=user))
        .defer_streamfields()
        .select_related("locale")
        .annotate(open_enrollments=Coalesce(Subquery(learners), 0))
        .order_by("-latest_revision_created_at", "pk")
    )
    courses: dict = {}
    languages: dict = {}
    for page in pages:
        key = page.translation_key
        languages.setdefault(key, []).append(page.locale.language_code)
        shown = courses.get(key)
        if shown is None or (locale is not None and page.locale_id == locale.pk):
            courses[key] = page
    for key, page in courses.items():
        page.languages = sorted(languages[key])
    return list(courses.values())
