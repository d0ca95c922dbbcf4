"""The demo's reviews (reviews.yaml): learners who studied, reviews through the reviews app.

Each reviewer is a demo account (made with the demo password if missing). Before writing, the
learner studies as the rule asks: an enrollment in the course (in the review's language where
the course has that translation) with a third of its lessons done; for a tutor's review, one
of the tutor's courses completed. Enrollments and progress are written in bulk, then each
course's students are counted (``learning.enrollment.services.recount_students``). Reviews,
replies and their approval go through ``reviews.services`` (the demo moderator approves), so
the courses' and tutors' ratings and review counts are the ones the app computes.

A review is found by its author and target before it is written, so a second run writes
nothing.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import User
from accounts.services import ensure_profiles
from courses.models import CourseIndexPage, CoursePage
from learning.enrollment.models import Enrollment, LessonProgress
from learning.enrollment.services import recount_students
from reviews import services
from reviews.app_settings import app_settings
from reviews.models import Review, ReviewReply
from reviews.reading import of

from .people import verified_email

COMPLETED = LessonProgress.Status.COMPLETED


def _learners(specs: list[dict[str, Any]], password: str) -> dict[str, User]:
    """The reviewers by e-mail; missing ones are made in one query (one password hash)."""
    found = {
        user.email: user for user in User.objects.filter(email__in=[s["email"] for s in specs])
    }
    missing = [spec for spec in specs if spec["email"] not in found]
    if missing:
        hashed = make_password(password)
        User.objects.bulk_create(
            User(
                email=spec["email"],
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                role=User.Role.STUDENT,
                password=hashed,
            )
            for spec in missing
        )
        found = {
            user.email: user for user in User.objects.filter(email__in=[s["email"] for s in specs])
        }
        for spec in missing:
            ensure_profiles(found[spec["email"]])
            verified_email(found[spec["email"]])
    return found


class _Studies:
    """Enrollments and lesson progress to write, gathered first and written in bulk."""

    def __init__(self) -> None:
        self.enrollments: dict[tuple[int, int], Enrollment] = {}
        self.progress: list[LessonProgress] = []
        self.courses: dict[int, CoursePage] = {}

    def add(self, user: User, course: CoursePage, *, complete: bool) -> None:
        """The learner enrolled in ``course`` with a third of its lessons done, or all of them
        and the enrollment completed."""
        lessons = list(course.lessons())
        needed = (
            len(lessons)
            if complete
            else max(1, math.ceil(app_settings.REVIEWS_COURSE_SHARE * len(lessons) - 1e-9))
        )
        now = timezone.now()
        key = (user.pk, course.pk)
        enrollment = self.enrollments.get(key) or Enrollment(
            user=user, course=course, source=Enrollment.Source.FREE
        )
        if complete:
            enrollment.status, enrollment.completed_at = Enrollment.Status.COMPLETED, now
        self.enrollments[key] = enrollment
        self.courses[course.pk] = course
        self.progress += [
            LessonProgress(
                user=user,
                lesson=lesson,
                status=COMPLETED,
                percent=100,
                started_at=now,
                completed_at=now,
            )
            for lesson in lessons[:needed]
        ]

    def write(self) -> None:
        existing = set(
            Enrollment.objects.filter(
                user_id__in={user for user, _course in self.enrollments},
                course_id__in=self.courses,
            ).values_list("user_id", "course_id")
        )
        Enrollment.objects.bulk_create(
            e for key, e in self.enrollments.items() if key not in existing
        )
        LessonProgress.objects.bulk_create(self.progress, ignore_conflicts=True)
        for course in self.courses.values():
            recount_students(course)


def _course_in(course: CoursePage, language: str | None) -> CoursePage:
    if not language or language == course.locale.language_code:
        return course
    locale = Locale.objects.filter(language_code=language).first()
    return (course.get_translation_or_none(locale) if locale else None) or course


def _publish(moderator: User, review: Review, teacher: User, reply: str | None) -> None:
    services.approve(moderator, review)
    if reply:
        services.approve(moderator, services.reply(teacher, review, text=reply))


def _backdate(review: Review, *, days: int) -> None:
    """Spread the demo's reviews over the past months (written, approved, replied a day
    later), as a site that has been running would have them; dates only, no figures."""
    written = timezone.now() - timedelta(days=days)
    approved = written + timedelta(hours=5)
    Review.objects.filter(pk=review.pk).update(
        created_at=written, updated_at=approved, moderated_at=approved, published_at=approved
    )
    answered = written + timedelta(days=1)
    ReviewReply.objects.filter(review=review).update(
        created_at=answered, updated_at=answered, moderated_at=answered, published_at=answered
    )


def load_reviews(data: dict[str, Any], password: str) -> dict[str, Any]:
    """Build the demo reviews (idempotent); return how many there are and were `created`, and
    the reviewers' accounts (`learners`, listed with the demo accounts)."""
    moderator = User.objects.get(email=data["moderator"])
    learners = _learners(data["learners"], password)
    catalog = CourseIndexPage.objects.filter(locale__language_code="ru").first()
    courses = {
        course.slug: course
        for course in CoursePage.objects.child_of(catalog).select_related("locale", "teacher")
    }
    tutors = {user.email: user for user in User.objects.filter(email__in=data["tutors"])}

    # First the studies, so every reviewer is eligible when writing.
    studies = _Studies()
    plan: list[tuple[User, Any, dict[str, Any], User]] = []
    for slug, specs in data["courses"].items():
        for spec in specs:
            course = _course_in(courses[slug], spec.get("language"))
            author = learners[spec["by"]]
            if not Review.objects.filter(of(course), author=author).exists():
                studies.add(author, course, complete=False)
                plan.append((author, course, spec, course.teacher))
    for email, specs in data["tutors"].items():
        tutor = tutors[email]
        for spec in specs:
            author = learners[spec["by"]]
            if not Review.objects.filter(of(tutor), author=author).exists():
                studies.add(author, courses[spec["course"]], complete=True)
                plan.append((author, tutor, spec, tutor))
    studies.write()

    for number, (author, target, spec, teacher) in enumerate(plan):
        review = services.write(
            author, target, rating=spec["rating"], text=spec["text"], language=spec.get("language")
        )
        _publish(moderator, review, teacher, spec.get("reply"))
        _backdate(review, days=3 + (number * 11) % 150)
    return {
        "reviews": Review.objects.filter(status=Review.Status.PUBLISHED).count(),
        "replies": ReviewReply.objects.filter(status=Review.Status.PUBLISHED).count(),
        "created": len(plan),
        "learners": [learners[spec["email"]] for spec in data["learners"]],
    }
