import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient
from wagtail.models import Locale, Page, Site

from .factories import (
    PASSWORD,
    AdminFactory,
    HomePageFactory,
    StudentFactory,
    TeacherFactory,
    translate,
)

# Fixtures shared by a few modules, kept in their own files.
pytest_plugins = ["tests.s3"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """On a newcomer's machine a missing service skips; under CI it is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture
def postgres():
    """For tests of PostgreSQL's own behaviour (row locks, concurrent connections)."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL row locks and concurrent connections (set DATABASE_URL)")


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own, which names the groups
def pytest_collection_modifyitems(config, items):
    """Refuse transactional tests without serialized rollback, and groups that did not take.

    Tests that share one expensive server or fixture are kept on one worker by
    ``xdist_group`` (``--dist loadgroup``). pytest-xdist marks them by adding ``@group`` to
    their node ids; a pytest that ignores that (9.2, pytest-xdist#1386) split every group
    without a word, and two journeys' servers then shared the messages socket's events.

    Wagtail's data migrations make rows other tests rely on (the page tree's root, the
    Editors and Moderators groups, the root collection). A transactional test empties the
    database when it ends; only with serialized_rollback=True are those rows put back, and
    one test without it breaks every later one that has it (content types clash).
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )
        grouped = item.get_closest_marker("xdist_group")
        if getattr(config.option, "loadgroup", False) and grouped:
            # Failed in setup (pytest_runtest_setup): an error raised here is lost in xdist's.
            item.group_lost = "@" not in item.nodeid.rsplit("]", 1)[-1]


def pytest_runtest_setup(item):
    if getattr(item, "group_lost", False):
        pytest.fail(
            "its xdist_group did not take: pytest-xdist's --dist loadgroup and this pytest "
            "disagree (pytest-xdist#1386; requirements-dev.txt pins a pytest they agree on)",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _isolation(settings):
    cache.clear()
    translation.activate("ru")
    yield
    translation.deactivate()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def student(db):
    return StudentFactory(verified=True)


@pytest.fixture
def teacher(db):
    return TeacherFactory(verified=True)


@pytest.fixture
def admin_user(db):
    return AdminFactory(verified=True)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, in Russian, with an English translation locale."""
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="home-test")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def en(home_page):
    """The English locale, with the home page translated (so /en/ pages exist)."""
    english = Locale.objects.get(language_code="en")
    translate(home_page, english, title="Home")
    return english


@pytest.fixture
def catalog(home_page):
    from .courses.factories import CourseIndexPageFactory

    return CourseIndexPageFactory(parent=home_page)


@pytest.fixture
def tutor_index(home_page):
    from .courses.factories import TutorIndexPageFactory

    return TutorIndexPageFactory(parent=home_page)
