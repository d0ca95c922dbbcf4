"""The demo blog: Russian posts, English translations, and nothing twice on a second run."""

import pytest
from taggit.models import Tag
from wagtail.models import Page, Revision

from accounts.models import User
from blog.models import BlogIndexPage, BlogPostPage
from demo.loader import read
from demo.loader.blog import load_blog

from ..factories import HomePageFactory

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "posts": BlogPostPage.objects.count(),
        "indexes": BlogIndexPage.objects.count(),
        "tags": Tag.objects.count(),
    }


def test_builds_a_russian_blog_and_its_english_translation(demo, client):
    index = demo.blog
    authors = User.objects.filter(email__in=read("blog")["authors"])
    assert authors.count() == 3

    assert (index.slug, index.title, index.show_in_menus, index.live) == (
        "blog",
        "Блог",
        True,
        True,
    )
    assert index.get_parent().pk == demo.home.pk
    ru_posts = BlogPostPage.objects.child_of(index).live()
    assert ru_posts.count() == 6
    assert {post.author for post in ru_posts} == set(authors)
    assert len({post.date for post in ru_posts}) == 6
    for post in ru_posts:
        kinds = [block.block_type for block in post.body]
        assert "heading" in kinds and kinds.count("paragraph") >= 2
        assert post.tags.exists() and len(post.intro) <= 400
        assert "lorem" not in str(post.body).lower()
    assert sum("embed" in [b.block_type for b in post.body] for post in ru_posts) == 1

    index_en = index.get_translation(demo.en)
    assert index_en.live and index_en.title == "Blog"
    posts_en = BlogPostPage.objects.child_of(index_en).live()
    assert posts_en.count() == len(read("blog_en")["posts"]) == 4
    post_en = posts_en.get(slug="how-to-prepare-for-an-exam")
    assert post_en.live and post_en.locale == demo.en
    assert post_en.title == "How to prepare for an exam without burning out"
    assert post_en.translation_key in {post.translation_key for post in ru_posts}
    assert sorted(tag.name for tag in post_en.tags.all()) == ["exams", "planning"]

    ru_html = client.get("/ru/blog/").content.decode()
    assert "Как подготовиться к экзамену и не выгореть" in ru_html
    en_html = client.get("/en/blog/").content.decode()
    assert post_en.title in en_html and "Как подготовиться" not in en_html
    # Every post renders, the one with a video too, with the video site unreachable.
    for post in [*ru_posts, *posts_en]:
        assert client.get(post.url).status_code == 200


def test_running_twice_adds_nothing(demo):
    first = counts()
    assert first["posts"] == 10 and first["indexes"] == 2
    again = load_blog(read("blog"), demo.home, demo.en, read("blog_en"))
    assert again.pk == demo.blog.pk
    assert counts() == first


def test_unknown_authors_leave_posts_unsigned(demo):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other-home")
    data = {**read("blog"), "authors": ["nobody@ustat.test"]}
    index = load_blog(data, other_home, demo.en)
    assert index.pk != demo.blog.pk
    assert BlogPostPage.objects.child_of(index).count() == 6
    assert not BlogPostPage.objects.child_of(index).exclude(author=None).exists()
