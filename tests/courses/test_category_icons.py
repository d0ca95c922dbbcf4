"""Category icons: names from courses/icons.txt drawn from one SVG sprite, never emoji."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from courses import icons
from courses.models import Category
from tests.gunicorn import ROOT

from ..conftest import skip_or_fail
from .factories import CategoryFactory, CoursePageFactory
from .test_tutor_search import make_tutor

pytestmark = pytest.mark.django_db

MIGRATION = import_module("courses.migrations.0004_category_icons")
SPRITE = ROOT / "portal" / "static" / "vendor" / "icons" / "icons.svg"


def uses(html: str) -> list[str]:
    return re.findall(r'<use href="[^"]*/vendor/icons/icons\.svg#i-([a-z0-9-]+)"', html)


def test_home_and_course_pages_draw_the_category_icon(client, catalog):
    python = CategoryFactory(name="Python", slug="python", icon="brand-python")
    course = CoursePageFactory(parent=catalog, category=python)
    assert "brand-python" in uses(client.get("/ru/").content.decode())
    html = client.get(course.url).content.decode()
    assert "brand-python" in uses(html)
    assert 'class="site-icon" aria-hidden="true"' in html  # the name beside it says it


def test_a_category_without_an_icon_shows_the_book(client, catalog):
    CoursePageFactory(parent=catalog, category=CategoryFactory(slug="chemistry", icon=""))
    assert uses(client.get("/ru/").content.decode()) == ["book"]


def test_only_listed_icons_are_accepted():
    category = CategoryFactory.build(name="Химия", slug="chemistry", icon="🧪")
    with pytest.raises(ValidationError) as error:
        category.clean()
    assert "icon" in error.value.message_dict
    category.icon = "flask"
    category.clean()


def test_every_listed_icon_is_in_the_sprite():
    if not SPRITE.exists():
        skip_or_fail(f"{SPRITE} is not built (make setup runs scripts/build_static.sh)")
    drawn = set(re.findall(r'<symbol id="i-([a-z0-9-]+)"', SPRITE.read_text()))
    assert set(icons.NAMES) <= drawn and icons.DEFAULT in drawn


def test_the_migration_turns_known_emoji_into_icons_and_drops_the_rest():
    snake = CategoryFactory(slug="python", icon="🐍")
    globe = CategoryFactory(slug="languages", icon="🌍")
    odd = CategoryFactory(slug="odd", icon="🦄")
    MIGRATION.emoji_to_icons(apps, None)
    assert dict(Category.objects.values_list("slug", "icon")) == {
        "python": "brand-python",
        "languages": "world",
        "odd": "",
    }
    assert {snake.pk, globe.pk, odd.pk} == set(Category.objects.values_list("pk", flat=True))


def test_catalog_filters_draw_top_categories_icons_not_their_names(client, catalog):
    languages = CategoryFactory(name="Языки", slug="languages", icon="world")
    english = CategoryFactory(name="Английский", slug="english", parent=languages, icon="language")
    CoursePageFactory(parent=catalog, category=english)
    html = client.get(catalog.url).content.decode()
    facet = html.split("<legend>Категория</legend>")[1].split("</fieldset>")[0]
    assert uses(facet) == ["world"]  # sub-categories are indented, without an icon
    assert "— Английский" in facet
    assert "world Языки" not in facet and "language" not in re.sub(r"<[^>]+>", "", facet)


def test_the_tutor_lists_subject_filters_draw_the_icons_too(client, tutor_index):
    languages = CategoryFactory(name="Языки", slug="languages", icon="world")
    english = CategoryFactory(name="Английский", slug="english", parent=languages, icon="language")
    make_tutor(tutor_index, "Ирина", subjects=[english])
    html = client.get(tutor_index.url).content.decode()
    facet = html.split("<legend>Предмет</legend>")[1].split("</fieldset>")[0]
    assert uses(facet) == ["world"] and "— Английский" in facet
