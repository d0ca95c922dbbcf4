"""The image includes (templates/includes/media/), their specs and the Open Graph image."""

import re

import pytest
import wagtail_factories
from django.template import loader
from wagtail.images.templatetags.wagtailimages_tags import PictureNode

from home import media
from home.templatetags.media_tags import initials, monogram, tone


def picture_specs(template_name: str) -> list[tuple[str, ...]]:
    """The rendition specs of each {% picture %} in a template, in order."""
    template = loader.get_template(template_name).template
    return [
        tuple(f.spec for f in node.get_filters())
        for node in template.nodelist.get_nodes_by_type(PictureNode)
    ]


def test_includes_ask_for_exactly_the_specs_the_listings_prefetch():
    # A spec that is not prefetched costs a query per card: the count tests would catch it
    # only for the listings they cover, so the two lists are compared here.
    assert picture_specs("includes/media/course_cover.html") == [media.COVER, media.CARD]
    assert picture_specs("includes/media/blog_cover.html") == [media.COVER, media.CARD]
    assert picture_specs("includes/media/tutor_photo.html") == [media.PHOTO_LARGE, media.PHOTO]
    assert picture_specs("includes/media/hero_image.html") == [media.HERO]
    assert media.CARD == (
        "format-webp|fill-480x270",
        "format-webp|fill-960x540",
        "format-jpeg|fill-480x270",
        "format-jpeg|fill-960x540",
    )


def test_fallback_letters_and_tones():
    assert monogram("  «Python» с нуля") == "P"
    assert monogram("") == "" and monogram(None) == ""
    assert initials("Ирина Соколова") == "ИС"
    assert initials("Анна Мария Петрова") == "АМ"
    assert initials("Платон") == "П"
    # The same key always gets the same tone, within the palette media.css defines.
    assert tone("programming") == tone("programming")
    assert {tone(f"category-{n}") for n in range(40)} <= set(range(8))
    assert len({tone(f"category-{n}") for n in range(40)}) > 4


@pytest.mark.django_db
def test_home_banner_loads_first_with_the_images_description_as_alt(client, home_page):
    hero = wagtail_factories.ImageFactory(file__width=1600, file__height=1050, description="")
    home_page.hero_image = hero
    home_page.save_revision().publish()
    html = client.get("/ru/").content.decode()
    img = re.search(r'<div class="hero-image"><picture>.*?(<img [^>]*>)</picture>', html).group(1)
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img
    assert 'width="640"' in img and 'height="420"' in img and 'alt=""' in img
    hero.description = "Преподаватели на уроке"
    hero.save()
    html = client.get("/ru/").content.decode()
    assert 'alt="Преподаватели на уроке"' in html
