"""The demo's pictures (demo/loader/images.py): drawn at load time and attached to the pages."""

import pytest
from PIL import Image
from wagtail.models import Revision

from blog.models import BlogPostPage
from courses.models import CoursePage, TutorPage
from demo.loader import read
from demo.loader.images import load_images
from home.models import CustomImage, HomePage

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def demo_pages():
    """(page, image field) for every page the demo gives a picture, in every language."""
    data = read("images")
    pages = [
        *[(p, "cover") for p in CoursePage.objects.filter(slug__in=list(data["courses"]))],
        *[(p, "photo") for p in TutorPage.objects.filter(slug__in=list(data["tutors"]))],
        *[(p, "cover") for p in BlogPostPage.objects.filter(slug__in=list(data["blog"]))],
        *[(p, "hero_image") for p in HomePage.objects.all()],
    ]
    return [(page, name) for page, name in pages if page.alias_of_id is None]


def test_every_demo_page_has_its_picture_with_a_focal_point(demo):
    data = read("images")
    pages = demo_pages()
    languages = {page.locale.language_code for page, _name in pages}
    assert languages == {"ru", "en"}  # translations get the picture of their original
    russian = [page for page, _name in pages if page.locale.language_code == "ru"]
    assert len(russian) == len(data["courses"]) + len(data["tutors"]) + len(data["blog"]) + 1
    for page, name in pages:
        image = getattr(page, name)
        assert image is not None, f"{page} has no {name}"
        assert image.has_focal_point() and "demo" in image.tags.names()
        original = page.get_translation(demo.ru)
        assert getattr(original, f"{name}_id") == image.pk  # the same picture in each language
        # Published, not only saved: the live revision has it, so an editor keeps it.
        assert page.live_revision.content[name] == image.pk
    portrait = TutorPage.objects.get(locale=demo.ru, slug="irina-sokolova").photo
    with portrait.open_file() as file:
        assert Image.open(file).size == (800, 800)
    cover = CoursePage.objects.get(locale=demo.ru, slug="python-basics").cover
    assert (cover.width, cover.height) == (1280, 720)
    assert cover.description  # admin's alt text; the pages show covers as decorative


def test_a_second_run_draws_and_creates_nothing(demo):
    images, revisions = CustomImage.objects.count(), Revision.objects.count()
    assert load_images(read("images"), demo.home) == {"created": 0, "attached": 0}
    assert (CustomImage.objects.count(), Revision.objects.count()) == (images, revisions)


def test_a_page_that_lost_its_picture_gets_the_same_one_back(demo):
    course = CoursePage.objects.get(locale=demo.ru, slug="python-basics")
    cover = course.cover
    course.cover = None
    course.save_revision().publish()
    images = CustomImage.objects.count()
    assert load_images(read("images"), demo.home) == {"created": 0, "attached": 1}
    assert CustomImage.objects.count() == images
    course.refresh_from_db()
    assert course.cover == cover


def test_demo_pages_show_the_pictures(demo, client):
    html = client.get(demo.tutor_index.url).content.decode()
    assert html.count("<picture>") >= len(read("images")["tutors"])
    assert 'data-testid="media-fallback"' not in html
    course = CoursePage.objects.get(locale=demo.ru, slug="python-basics")
    html = client.get(course.url).content.decode()
    assert '<picture><source sizes="' in html and 'fetchpriority="high"' in html
