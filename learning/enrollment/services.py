"""Enrollment, access and progress: the rules the web views, the API and payments all use."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.permissions import is_signed_in
from courses.images import prefetch_images
from courses.models import CoursePage, LessonPage, TutorPage
from courses.services import teaches
from home import media

from . import notices
from .errors import EnrollmentError
from .errors import NotEnrolled as NotEnrolled  # re-exported: callers catch it from here
from .models import CourseView, Enrollment, LessonProgress
from .permissions import (
    can_track_progress,
    in_force,
    open_enrollment,
    require_progress_tracking,
)
from .permissions import is_enrolled as is_enrolled  # re-exported: other apps ask it here
from .permissions import lapsed_enrollment as lapsed_enrollment  # the lesson gate asks it
from .permissions import open_enrollments as open_enrollments  # homework lists by it
from .permissions import same_course as _same_course
from .requirements import requirements_met

ARCHIVE_AFTER = timedelta(days=30)
# How long before an enrollment's end date its learner is reminded (once).
EXPIRY_NOTICE_BEFORE = timedelta(days=7)

# Sent (after commit) when an enrollment becomes completed; certificates listen to it.
enrollment_completed = Signal()


# ---------------------------------------------------------------------------------------------
# Who has the course (the rules: permissions.py)


def recount_students(course: CoursePage) -> int:
    """Kept right by signals on every enrollment change (services, admin, payments).

    A course's learners are those of every translation of it (an enrollment covers them all),
    each counted once, and every translation shows that number.
    """
    count = (
        Enrollment.objects.filter(_same_course(course), status__in=Enrollment.OPEN)
        .values("user")
        .distinct()
        .count()
    )
    CoursePage.objects.filter(translation_key=course.translation_key).update(students_count=count)
    course.students_count = count
    return count


@transaction.atomic
def grant(user, course: CoursePage, source: str, *, expires_at=None) -> tuple[Enrollment, bool]:
    """Give the course to the person; returns (enrollment, created). Safe to call twice.

    The partial unique constraint allows one active enrollment per person and course, so
    two concurrent calls (a webhook and the success page) end with one row. An enrollment
    whose end date has passed is marked expired first, so buying the course again opens
    it again. The learner is told (a purchase's receipt tells them instead).
    """
    expire_due(user=user, course=course)
    existing = open_enrollment(user, course)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                user=user, course=course, source=source, expires_at=expires_at
            )
    except IntegrityError:
        return Enrollment.objects.get(
            user=user, course=course, status=Enrollment.Status.ACTIVE
        ), False
    recount_students(course)
    if source != Enrollment.Source.PURCHASE:
        notices.enrolled(enrollment)
    return enrollment, True


def staff_enrolled(enrollment: Enrollment) -> None:
    """Staff made an enrollment in the admin: an open one is announced like a grant."""
    if enrollment.status in Enrollment.OPEN and not enrollment.has_lapsed:
        notices.enrolled(enrollment)


def enroll_free(user, course: CoursePage) -> tuple[Enrollment, bool]:
    """Enrol in a free course; EnrollmentError (naming the "course" field) when it is not one."""
    if not is_signed_in(user):
        raise EnrollmentError(_("Sign in to enrol."), field="course")
    if not course.live or course.is_archived:
        raise EnrollmentError(_("This course is not open for enrolment."), field="course")
    if not course.is_free:
        raise EnrollmentError(_("This course is paid: buy it to start learning."), field="course")
    return grant(user, course, Enrollment.Source.FREE)


@transaction.atomic
def revoke(enrollment: Enrollment, status: str = Enrollment.Status.REFUNDED) -> Enrollment:
    """Close an enrollment (refund, staff's decision); the lessons lock again."""
    enrollment.status = status
    enrollment.save(update_fields=["status"])
    return enrollment


# ---------------------------------------------------------------------------------------------
# Progress


def start_lesson(user, lesson: LessonPage) -> LessonProgress | None:
    """Opening a lesson marks it started for its enrolled learners."""
    if not can_track_progress(user, lesson):
        return None
    progress, created = LessonProgress.objects.get_or_create(
        user=user,
        lesson=lesson,
        defaults={"status": LessonProgress.Status.IN_PROGRESS, "started_at": timezone.now()},
    )
    if not created and progress.status == LessonProgress.Status.NOT_STARTED:
        progress.status = LessonProgress.Status.IN_PROGRESS
        progress.started_at = timezone.now()
        progress.save(update_fields=["status", "started_at"])
    return progress


@transaction.atomic
def complete_lesson(user, lesson: LessonPage, percent: int = 100) -> LessonProgress:
    """Record progress on a lesson (100 completes it) and complete the course when all are."""
    require_progress_tracking(user, lesson)  # NotEnrolled (403)
    percent = max(0, min(100, int(percent)))
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"started_at": timezone.now()}
    )
    if progress.status != LessonProgress.Status.COMPLETED:
        progress.percent = max(progress.percent, percent)
        if progress.percent >= 100:
            progress.status = LessonProgress.Status.COMPLETED
            progress.completed_at = timezone.now()
        else:
            progress.status = LessonProgress.Status.IN_PROGRESS
        progress.save()
    if progress.status == LessonProgress.Status.COMPLETED:
        check_completion(user, lesson.course)
    return progress


def course_progress(user, course: CoursePage) -> int:
    """Share of the course's live lessons this person has completed, in percent."""
    lessons = LessonPage.objects.child_of(course).live()
    total = lessons.count()
    if not total:
        return 0
    done = LessonProgress.objects.filter(
        user=user, lesson__in=lessons, status=LessonProgress.Status.COMPLETED
    ).count()
    return round(100 * done / total)


def progress_for_courses(user, courses: list[CoursePage]) -> dict[int, int]:
    """Percent per course id for a whole list, in two queries."""
    if not courses:
        return {}
    totals: dict[int, int] = {}
    lesson_course: dict[int, int] = {}
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 1)
    for pk, path in LessonPage.objects.live().filter(condition).values_list("pk", "path"):
        owner = next(c for c in courses if path.startswith(c.path))
        lesson_course[pk] = owner.pk
        totals[owner.pk] = totals.get(owner.pk, 0) + 1
    done: dict[int, int] = {}
    completed = LessonProgress.objects.filter(
        user=user, lesson_id__in=lesson_course, status=LessonProgress.Status.COMPLETED
    ).values_list("lesson_id", flat=True)
    for lesson_id in completed:
        course_id = lesson_course[lesson_id]
        done[course_id] = done.get(course_id, 0) + 1
    return {
        course.pk: round(100 * done.get(course.pk, 0) / totals[course.pk])
        if totals.get(course.pk)
        else 0
        for course in courses
    }


def check_completion(user, course: CoursePage) -> Enrollment | None:
    """Every live lesson done and the final test (if any) passed: the enrollment completes
    once, and a certificate follows."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(_same_course(course), user=user, status=Enrollment.Status.ACTIVE)
        .first()
    )
    if (
        enrollment is None
        or course_progress(user, course) < 100
        or not requirements_met(user, course)  # e.g. the final test (learning.homework)
    ):
        return None
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at"])
    transaction.on_commit(
        lambda: enrollment_completed.send(sender=Enrollment, enrollment=enrollment)
    )
    return enrollment


# ---------------------------------------------------------------------------------------------
# Expiry: access ends at ``expires_at`` (checked on every access: permissions.in_force); the
# beat task writes the status and reminds learners a week before.


def expire_due(now=None, *, user=None, course: CoursePage | None = None) -> int:
    """Mark open enrollments past their end date "expired" (all, or one person's course).

    Access already ended at the end date; this makes the status say so (lists, admin,
    counters). Returns how many changed.
    """
    lapsed = Enrollment.objects.filter(status__in=Enrollment.OPEN).exclude(in_force(now))
    if user is not None:
        lapsed = lapsed.filter(user=user)
    if course is not None:
        lapsed = lapsed.filter(_same_course(course))
    changed = 0
    for enrollment in lapsed.select_related("course"):
        enrollment.status = Enrollment.Status.EXPIRED
        enrollment.save(update_fields=["status"])  # the signal recounts the course's learners
        changed += 1
    return changed


def access_ended(user, course: CoursePage) -> Enrollment | None:
    """The person's enrollment whose access ended, when they have no open one: the lesson
    gate's "your access ended on …, renew" (through ``courses.learners``)."""
    if open_enrollment(user, course) is not None:
        return None
    return lapsed_enrollment(user, course)


def remind_expiring(now=None) -> int:
    """Tell learners whose access ends within a week (once per enrollment and end date)."""
    now = now or timezone.now()
    due = Enrollment.objects.filter(
        status__in=Enrollment.OPEN,
        expires_at__gt=now,
        expires_at__lte=now + EXPIRY_NOTICE_BEFORE,
        user__is_active=True,
    ).select_related("user", "course__locale")
    return sum(1 for enrollment in due if notices.access_ending(enrollment))


def archive_completed(now=None) -> int:
    """Completed courses leave the cabinet's main list 30 days after completion."""
    cutoff = (now or timezone.now()) - ARCHIVE_AFTER
    return Enrollment.objects.filter(
        status=Enrollment.Status.COMPLETED, completed_at__lte=cutoff, archived_at__isnull=True
    ).update(archived_at=now or timezone.now())


# ---------------------------------------------------------------------------------------------
# The cabinet


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
    those whose access ended (once per course, unless the learner has it again)."""
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
    courses = [e.course for e in enrollments]
    percent = progress_for_courses(user, courses)
    groups: dict[str, list[Enrollment]] = {
        "active": [],
        "completed": [],
        "archive": [],
        "expired": [],
    }
    current = {e.course.translation_key for e in enrollments if e.current_status != "expired"}
    ended: set = set()
    for enrollment in enrollments:
        enrollment.percent = percent.get(enrollment.course_id, 0)
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


# ---------------------------------------------------------------------------------------------
# Course page views


BOT_MARKERS = ("bot", "crawler", "spider", "preview")
MOBILE_MARKERS = ("mobi", "android", "iphone")
TABLET_MARKERS = ("ipad", "tablet")


def device_class(user_agent: str) -> str:
    agent = user_agent.lower()
    if any(marker in agent for marker in BOT_MARKERS):
        return CourseView.Device.BOT
    if any(marker in agent for marker in TABLET_MARKERS):
        return CourseView.Device.TABLET
    if any(marker in agent for marker in MOBILE_MARKERS):
        return CourseView.Device.MOBILE
    return CourseView.Device.DESKTOP


def view_source(request: HttpRequest) -> str:
    """utm_source if given, else the referring site's host ("" for direct visits)."""
    if utm := request.GET.get("utm_source", "").strip():
        return utm[:100]
    referrer = urlsplit(request.headers.get("referer", "")).hostname or ""
    return "" if referrer == request.get_host().split(":")[0] else referrer[:100]


def record_view(request: HttpRequest, course: CoursePage | int) -> CourseView:
    """One INSERT per view, nothing read; also for pages answered from the page cache."""
    course_id = course if isinstance(course, int) else course.pk
    if hasattr(request, "page_cache_notes"):
        request.page_cache_notes["course_view"] = course_id
    user = request.user if request.user.is_authenticated else None
    session = getattr(request, "session", None)
    return CourseView.objects.create(
        course_id=course_id,
        user=user,
        session_key=(session.session_key or "") if session is not None else "",
        source=view_source(request),
        device=device_class(request.headers.get("user-agent", "")),
    )


def course_page_state(request: HttpRequest, course: CoursePage) -> dict:
    """What the course page shows this visitor next to the price, and its view is counted."""
    record_view(request, course)
    user = request.user
    enrollment = open_enrollment(user, course)
    state = {
        "enrollment": enrollment,
        "teaches": teaches(user, course),
        "progress": None,
        "completed_lessons": set(),
        # Access that ended (expired, left the group): the page says so next to "renew".
        "lapsed": lapsed_enrollment(user, course) if enrollment is None else None,
    }
    if enrollment is not None:
        state["progress"] = course_progress(user, course)
        state["completed_lessons"] = completed_lesson_ids(user, course)
    return state


def completed_lesson_ids(user, course: CoursePage) -> set[int]:
    """The ids of the course's lessons this person has completed (none for a visitor)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        LessonProgress.objects.filter(
            user=user,
            lesson__in=LessonPage.objects.child_of(course),
            status=LessonProgress.Status.COMPLETED,
        ).values_list("lesson_id", flat=True)
    )


def continue_where_left_off(user) -> LessonProgress | None:
    """The lesson the learner touched last, in a course they still have."""
    return (
        LessonProgress.objects.filter(user=user)
        .exclude(status=LessonProgress.Status.COMPLETED)
        .select_related("lesson")
        .order_by("-updated_at")
        .first()
    )
