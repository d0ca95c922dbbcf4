"""Course cards from the shared cache (courses.cards): keyed by everything they show."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from courses import cards
from courses.models import CoursePage

from .factories import CategoryFactory, CoursePageFactory

pytestmark = pytest.mark.django_db

# What the card templates may read of a course, and the fingerprint entry that stands for it.
DERIVED = {
    "get_level_display": "level",
    "get_course_type_display": "course_type",
    "teacher": "teacher_id",
    "cover": "cover_id",  # and the image's file and focal point, in fingerprint()
    "category": "category",  # the drawn cover's name and slug, in fingerprint()
    "title": "title",
}


def test_every_field_a_card_reads_is_in_its_key():
    """A card template that starts showing a new field must put it in the key too, or the
    cached card would keep the old value."""
    read = set()
    for name in cards.TEMPLATES:
        source = get_template(name).template.source
        read |= set(re.findall(r"\bcourse\.(\w+)", source))
    assert read, "the card templates read no course field: the pattern is out of date"
    for field in sorted(read):
        if field in cards.FIELDS:
            continue
        assert field in DERIVED, f"course.{field} is shown on a card but not in its key"


def render(courses) -> str:
    request = RequestFactory().get("/ru/courses/")
    with translation.override("ru"):
        return Template("{% load courses_tags %}{% course_cards courses %}").render(
            Context({"request": request, "courses": courses})
        )


def listing(catalog) -> list[CoursePage]:
    return list(CoursePage.objects.child_of(catalog).for_listing().order_by("path"))


def test_cards_are_rendered_once_then_read_from_the_cache(catalog):
    CoursePageFactory(parent=catalog, title="Первый курс")
    CoursePageFactory(parent=catalog, title="Второй курс")
    first = render(listing(catalog))
    assert "Первый курс" in first and "Второй курс" in first
    courses = listing(catalog)
    with CaptureQueriesContext(connection) as queries:
        again = render(courses)
    assert again == first
    # Rendering would prefetch the covers' renditions and look the active locale up.
    assert len(queries) == 0


def test_a_changed_course_gets_a_new_card(catalog):
    course = CoursePageFactory(parent=catalog, title="Курс", price=1000)
    render(listing(catalog))
    CoursePage.objects.filter(pk=course.pk).update(
        average_rating=Decimal("4.5"), reviews_count=7, price=2500
    )
    html = render(listing(catalog))
    assert "(7)" in html and "4,5" in html
    assert "2 500" in html or "2\xa0500" in html or "2500" in html


def test_a_renamed_category_shows_on_cards_without_a_cover(catalog):
    category = CategoryFactory(name="Музыка", slug="music")
    CoursePageFactory(parent=catalog, title="Курс", category=category, cover=None)
    assert "Музыка" in render(listing(catalog))
    category.name = "Музыка и звук"
    category.save()
    assert "Музыка и звук" in render(listing(catalog))


def test_cards_in_another_language_are_kept_apart(catalog):
    CoursePageFactory(parent=catalog, title="Курс", price=0)
    russian = render(listing(catalog))
    request = RequestFactory().get("/en/courses/")
    with translation.override("en"):
        english = Template("{% load courses_tags %}{% course_cards courses %}").render(
            Context({"request": request, "courses": listing(catalog)})
        )
    assert "Бесплатно" in russian and "Free" in english
