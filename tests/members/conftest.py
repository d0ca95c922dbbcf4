"""Members with each choice of who sees their profile, and the things a profile shows."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import ProfileSettings, User

from ..courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    TutorPageFactory,
    TutorVideoPageFactory,
)
from ..factories import StudentFactory, TeacherFactory
from ..reviews.helpers import review

VISIBILITIES = ("public", "members", "private")


def set_visibility(person, visibility: str) -> None:
    ProfileSettings.objects.update_or_create(
        user=person, defaults={"profile_visibility": visibility}
    )


def member_with(visibility: str, **fields):
    person = StudentFactory(verified=True, first_name="Анна", last_name="Петрова", **fields)
    set_visibility(person, visibility)
    return User.objects.get(pk=person.pk)  # the settings as stored, not as first cached


@pytest.fixture
def stranger(db):
    """A signed-in member who has nothing to do with the profile's owner."""
    return StudentFactory(verified=True)


@pytest.fixture
def staff(db):
    return StudentFactory(verified=True, is_staff=True)


@pytest.fixture
def moderator(db):
    person = StudentFactory(verified=True)
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="Физика")
    LessonPageFactory(parent=course)
    return course


@pytest.fixture
def tutor(tutor_index):
    """A tutor (public profile) with a live tutor page, one live post and one draft."""
    person = TeacherFactory(verified=True, first_name="Иван", last_name="Смирнов")
    set_visibility(person, "public")
    page = TutorPageFactory(parent=tutor_index, user=person, owner=person, title="Иван Смирнов")
    TutorVideoPageFactory(parent=page, title="Дроби за 5 минут", owner=person)
    draft = TutorVideoPageFactory(parent=page, title="Черновик", owner=person)
    draft.unpublish()
    person.teacher_profile.bio = "Учу математике 10 лет."
    person.teacher_profile.expertise = "Математика"
    person.teacher_profile.save()
    person = User.objects.get(pk=person.pk)
    person.tutor_page = page
    return person


def reviews_by(author, course, tutor_user) -> None:
    """One published review of the course and one of the tutor, a pending and a rejected."""
    review(course, author=author, text="Понятный курс.")
    review(tutor_user, author=author, text="Отличный репетитор.")
    other_course = CoursePageFactory(parent=course.get_parent(), title="Химия")
    review(other_course, author=author, text="Ждёт модерации.", status="pending")
    third = CoursePageFactory(parent=course.get_parent(), title="Биология")
    review(third, author=author, text="Отклонён.", status="rejected")
