import pytest

from learning.certificates import services
from learning.enrollment.models import Enrollment

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory, TeacherFactory

LEARNER = ("Анна", "Кузнецова")
TEACHER = ("Дмитрий", "Петров")
COURSE = "Физика для начинающих"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Links on certificates are built on WAGTAILADMIN_BASE_URL (http://testserver in tests)."""
    settings.SITE_URL = ""


@pytest.fixture
def course(catalog):
    teacher = TeacherFactory(first_name=TEACHER[0], last_name=TEACHER[1], verified=True)
    course = CoursePageFactory(parent=catalog, title=COURSE, teacher=teacher, price=0)
    LessonPageFactory(parent=course, title="Урок 1", is_free=True)
    LessonPageFactory(parent=course, title="Урок 2")
    return course


@pytest.fixture
def learner(db):
    return StudentFactory(first_name=LEARNER[0], last_name=LEARNER[1], verified=True)


def completed_enrollment(user, course) -> Enrollment:
    from django.utils import timezone

    return Enrollment.objects.create(
        user=user,
        course=course,
        source=Enrollment.Source.FREE,
        status=Enrollment.Status.COMPLETED,
        completed_at=timezone.now(),
    )


@pytest.fixture
def certificate(learner, course):
    return services.issue_for_enrollment(completed_enrollment(learner, course))


@pytest.fixture
def other_learner(db):
    return StudentFactory(verified=True)
