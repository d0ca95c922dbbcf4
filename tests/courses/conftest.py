import pytest

from .factories import CourseIndexPageFactory, TutorIndexPageFactory


@pytest.fixture
def catalog(home_page):
    return CourseIndexPageFactory(parent=home_page)


@pytest.fixture
def tutor_index(home_page):
    return TutorIndexPageFactory(parent=home_page)
