import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from learning.enrollment.models import Enrollment, LessonProgress
from reviews import services

from ..courses.factories import CoursePageFactory, LessonPageFactory, TutorPageFactory
from ..factories import StudentFactory, TeacherFactory, translate

TEXT = "Понятные объяснения и много практики."


@pytest.fixture
def course(catalog):
    """A free course of three live lessons (a third is one lesson)."""
    course = CoursePageFactory(parent=catalog, title="Физика", price=0)
    for number in (1, 2, 3):
        LessonPageFactory(parent=course, title=f"Урок {number}")
    return course


@pytest.fixture
def english(course):
    """The course's English translation (its lessons too)."""
    en = Locale.objects.get_or_create(language_code="en")[0]
    copy = translate(course, en, title="Physics")
    for lesson in course.lessons():
        translate(lesson, en)
    return copy


def enroll(user, course, status=Enrollment.Status.ACTIVE) -> Enrollment:
    return Enrollment.objects.create(user=user, course=course, source="free", status=status)


def complete_lessons(user, course, count: int) -> None:
    for lesson in list(course.lessons())[:count]:
        LessonProgress.objects.update_or_create(
            user=user, lesson=lesson, defaults={"status": "completed", "percent": 100}
        )


def learner_of(course, lessons: int = 1):
    """A learner enrolled in the course who completed ``lessons`` of its lessons."""
    learner = StudentFactory(verified=True)
    enroll(learner, course)
    complete_lessons(learner, course, lessons)
    return learner


@pytest.fixture
def learner(course):
    """Enrolled, a third of the lessons done: may review the course."""
    return learner_of(course)


@pytest.fixture
def moderator(db):
    person = StudentFactory(verified=True)
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


@pytest.fixture
def tutor_page(tutor_index):
    return TutorPageFactory(parent=tutor_index, user=TeacherFactory(verified=True))


def published_review(author, target, rating: int = 5, moderator=None, text: str = TEXT):
    """A review written through the service and approved by a moderator."""
    review = services.write(author, target, rating=rating, text=text)
    if moderator is None:
        moderator = StudentFactory()
        moderator.groups.add(Group.objects.get(name="Moderators"))
    return services.approve(moderator, review)
