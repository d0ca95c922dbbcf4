"""Covers and photos on the pages that show them: responsive pictures, or a drawn fallback."""

import re

import pytest
import wagtail_factories
from django.core.management import call_command
from wagtail.images.models import Filter
from wagtail.images.rect import Rect

from home import media
from learning.enrollment.models import Enrollment

from ..factories import StudentFactory
from .factories import CategoryFactory, CoursePageFactory, TutorPageFactory

pytestmark = pytest.mark.django_db


def image(width: int = 1600, height: int = 900, **focal):
    return wagtail_factories.ImageFactory(file__width=width, file__height=height, **focal)


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, flags=re.S)


def img_tag(picture: str) -> str:
    return re.search(r"<img [^>]*>", picture).group(0)


def test_catalog_card_is_a_lazy_responsive_webp_picture_with_its_size(client, catalog):
    CoursePageFactory(parent=catalog, title="Python с нуля", cover=image())
    [picture] = pictures(client.get(catalog.url).content.decode())
    source = re.search(r"<source [^>]*>", picture).group(0)
    assert 'type="image/webp"' in source
    assert re.search(r'srcset="[^"]+\.webp 480w, [^"]+\.webp 960w"', source)
    assert 'sizes="(min-width: 1140px) 270px' in source
    img = img_tag(picture)
    # The fallback <img>: JPEG, both sizes, the first one's box reserved (no layout shift).
    assert re.search(r'src="[^"]+fill-480x270\.jpg"', img)
    assert re.search(r'srcset="[^"]+\.jpg 480w, [^"]+\.jpg 960w"', img)
    assert 'width="480"' in img and 'height="270"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'alt=""' in img  # the title is next to it


def test_course_page_cover_loads_first_and_at_once(client, catalog):
    course = CoursePageFactory(parent=catalog, cover=image())
    [picture] = pictures(client.get(course.url).content.decode())
    img = img_tag(picture)
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img
    assert 'width="640"' in img and 'height="360"' in img
    assert "1280w" in picture and 'type="image/webp"' in picture


def test_the_crop_keeps_the_focal_point():
    # A wide upload with its subject at the far right: the cards' 16:9 crop keeps that part
    # (centred, it would cut it off).
    cover = image(3200, 900)
    cover.set_focal_point(Rect.from_point(3000, 450, 200, 200))
    for spec in media.CARD:
        rect = Filter(spec).get_transform(cover).get_rect()
        assert rect.width == 1600 and rect.left <= 2900 and rect.right >= 3100


def test_a_course_without_cover_gets_a_drawn_card_without_emoji(client, catalog):
    programming = CategoryFactory(name="Программирование", slug="programming", icon="device-laptop")
    python = CategoryFactory(name="Python", slug="python", parent=programming, icon="brand-python")
    CoursePageFactory(parent=catalog, title="Python с нуля", category=python)
    html = client.get(catalog.url).content.decode()
    fallback = re.search(r'<span class="media-fallback [^"]*"[^>]*>.*?</span></span>', html).group(
        0
    )
    assert 'aria-hidden="true"' in fallback
    assert '<span class="media-monogram">P</span>' in fallback
    # Coloured by the top category, named after it.
    assert "Программирование" in fallback and "media-tone-" in fallback
    assert "💻" not in fallback and "🐍" not in fallback and "📘" not in html
    assert "<picture>" not in html


def test_tutor_cards_and_page_show_the_photo_or_initials(client, tutor_index):
    with_photo = TutorPageFactory(parent=tutor_index, title="Ирина Соколова", photo=image(800, 800))
    TutorPageFactory(parent=tutor_index, title="Марат Хасанов")
    html = client.get(tutor_index.url).content.decode()
    [picture] = pictures(html)
    img = img_tag(picture)
    assert 'class="tutor-photo"' in img and 'loading="lazy"' in img
    assert 'width="160"' in img and 'height="160"' in img and "320w" in img
    assert re.search(r'class="tutor-photo media-initials media-tone-\d"[^>]*>МХ</span>', html)

    page = client.get(with_photo.url).content.decode()
    [picture] = pictures(page)
    img = img_tag(picture)
    assert 'loading="eager"' in img and 'width="200"' in img and "600w" in img


def test_search_results_and_cabinet_show_covers(client, catalog):
    course = CoursePageFactory(parent=catalog, title="Python с нуля", cover=image())
    call_command("update_index", verbosity=0)
    html = client.get("/ru/search/", {"q": "Python"}).content.decode()
    assert len(pictures(html)) == 1 and 'class="card-image"' in html

    learner = StudentFactory()
    Enrollment.objects.create(user=learner, course=course, source="free")
    client.force_login(learner)
    html = client.get("/ru/cabinet/courses/").content.decode()
    [picture] = pictures(html)
    assert 'loading="lazy"' in img_tag(picture)
