"""Test data for the reviews' pages: made with the models (the services are tested apart)."""

from django.contrib.auth.models import Group
from django.utils import timezone

from learning.enrollment.models import Enrollment
from reviews.models import Review, ReviewReply

from ..factories import StudentFactory, TeacherFactory


def completed(course, learner=None):
    """A learner who completed the course (so may review it)."""
    learner = learner or StudentFactory(verified=True)
    Enrollment.objects.create(
        user=learner,
        course=course,
        source="free",
        status=Enrollment.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    return learner


def review(target, *, author=None, rating=5, text="Отличный курс.", status="published", **fields):
    """A review of a course page or a tutor (a user), published unless told otherwise."""
    author = author or StudentFactory(first_name="Анна", last_name="Петрова")
    where = (
        {"course": target, "course_key": target.translation_key}
        if hasattr(target, "translation_key")
        else {"tutor": target}
    )
    now = timezone.now()
    return Review.objects.create(
        author=author,
        rating=rating,
        text=text,
        language="ru",
        status=status,
        published_at=now if status == "published" else None,
        **where,
        **fields,
    )


def many_reviews(target, count: int, *, start: int = 0) -> None:
    """``count`` published reviews by new learners, ratings 1–5 in turn, each with a reply."""
    authors = StudentFactory.create_batch(count)
    now = timezone.now()
    where = (
        {"course": target, "course_key": target.translation_key}
        if hasattr(target, "translation_key")
        else {"tutor": target}
    )
    reviews = Review.objects.bulk_create(
        Review(
            author=author,
            rating=(start + i) % 5 + 1,
            text=f"Отзыв номер {start + i}",
            language="ru",
            status="published",
            published_at=now,
            **where,
        )
        for i, author in enumerate(authors)
    )
    teacher = getattr(target, "teacher", None) or target
    ReviewReply.objects.bulk_create(
        ReviewReply(review=r, author=teacher, text="Спасибо!", status="published", published_at=now)
        for r in reviews
    )


def moderator():
    person = TeacherFactory(verified=True, role="student")
    person.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return person
