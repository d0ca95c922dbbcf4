"""Blog covers: responsive pictures on the cards and above the post, a drawn card without one."""

import re

import pytest
import wagtail_factories

from .factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db


def test_cards_and_post_show_the_cover_as_a_responsive_picture(client, blog):
    cover = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    post = BlogPostPageFactory(parent=blog, title="Сон и память", cover=cover, tags=["память"])
    html = client.get(blog.url).content.decode()
    [picture] = re.findall(r"<picture>.*?</picture>", html, flags=re.S)
    assert 'type="image/webp"' in picture and "960w" in picture
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert 'loading="lazy"' in img and 'width="480"' in img and 'height="270"' in img
    assert 'alt=""' in img

    page = client.get(post.url).content.decode()
    [picture] = re.findall(r"<picture>.*?</picture>", page, flags=re.S)
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img and "1280w" in picture


def test_a_post_without_cover_gets_a_drawn_card_and_a_plain_page(client, blog):
    post = BlogPostPageFactory(
        parent=blog, title="Как выбрать репетитора", tags=["советы", "репетитор"]
    )
    html = client.get(blog.url).content.decode()
    fallback = re.search(r'<span class="media-fallback .*?</span></span>', html).group(0)
    assert '<span class="media-monogram">К</span>' in fallback
    assert '<span class="media-label">репетитор</span>' in fallback  # the first topic by name
    assert "<picture>" not in html

    page = client.get(post.url).content.decode()
    assert "<picture>" not in page and "media-fallback" not in page
