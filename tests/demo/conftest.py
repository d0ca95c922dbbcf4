"""The demo, built once for every test in this package (it takes most of a minute to build).

`load_demo_data` runs once, inside an outer transaction opened for the package; each test runs
in its own savepoint within it (pytest-django's `db`), so what a test changes is rolled back
before the next one, and the outer transaction is rolled back when the package is done: the
tests of other packages never see the demo.

What the demo leaves for after its commit (on_commit callbacks: the video pipeline's transcodes,
the comment counts) runs when the load ends, as it would after the command's commit.
"""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import translation
from wagtail.models import Locale

from blog.models import BlogIndexPage
from courses.models import CourseIndexPage, CoursePage, TutorIndexPage
from demo.loader import read
from home.models import HomePage


@pytest.fixture(scope="package")
def demo_output(django_db_setup, django_db_blocker):
    """What `load_demo_data` printed; the demo stays in the database for the whole package."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            with (
                override_settings(DEBUG=True),
                translation.override("ru"),
                TestCase.captureOnCommitCallbacks(execute=True),
            ):
                call_command("load_demo_data", stdout=out)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_output, db) -> SimpleNamespace:
    """The demo's main pages, found in the database, and its data files."""
    ru = Locale.objects.get(language_code="ru")
    en = Locale.objects.get(language_code="en")
    courses = read("courses")
    courses_en = read("courses_en")
    catalog = CourseIndexPage.objects.get(locale=ru)
    return SimpleNamespace(
        output=demo_output,
        ru=ru,
        en=en,
        home=HomePage.objects.get(locale=ru),
        catalog=catalog,
        catalog_en=CourseIndexPage.objects.get(locale=en),
        tutor_index=TutorIndexPage.objects.get(locale=ru),
        tutor_index_en=TutorIndexPage.objects.get(locale=en),
        course_en=CoursePage.objects.get(locale=en, slug=courses_en["courses"][0]["slug"]),
        blog=BlogIndexPage.objects.get(locale=ru),
        people=read("people"),
        courses=courses,
        courses_en=courses_en,
        tutors=read("tutors"),
        tutors_en=read("tutors_en"),
        videos=read("videos"),
        community=read("community"),
    )
