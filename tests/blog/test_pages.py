"""Blog pages: tree rules, the editor, the index (tags, pagination, empty states) and posts."""

import datetime
import re

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, BlogPostPage
from core import sites
from home.models import HomePage, StandardPage
from tests.factories import AdminFactory, HomePageFactory, TeacherFactory

from .factories import BlogIndexPageFactory, BlogPostPageFactory


class BlogTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-test")
        Site.objects.update(root_page=self.home)
        self.blog = BlogIndexPageFactory(parent=self.home)

    def test_index_holds_posts_only(self):
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertCanCreateAt(BlogIndexPage, BlogPostPage)
        self.assertCanNotCreateAt(BlogIndexPage, StandardPage)

    def test_posts_live_in_an_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPostPage, set())
        self.assertCanNotCreateAt(HomePage, BlogPostPage)
        self.assertCanNotCreateAt(StandardPage, BlogPostPage)

    def test_both_render(self):
        post = BlogPostPageFactory(parent=self.blog)
        self.assertPageIsRenderable(self.blog)
        self.assertPageIsRenderable(post)

    def test_an_editor_writes_a_post_and_is_credited_as_its_author(self):
        editor = AdminFactory(first_name="Вера", last_name="Перова")
        self.client.force_login(editor)  # axes' backend needs a request, so no client.login()
        self.assertCanCreate(
            self.blog,
            BlogPostPage,
            nested_form_data(
                {
                    "title": "Как учить слова",
                    "slug": "words",
                    "intro": "Карточки и повторение.",
                    "date": "2026-02-03",
                    "tags": "память, языки",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Понемногу каждый день.</p>"))]
                    ),
                    "action-publish": "publish",
                }
            ),
        )
        post = BlogPostPage.objects.get(slug="words")
        assert post.author == editor
        assert sorted(tag.name for tag in post.tags.all()) == ["память", "языки"]
        assert post.live and post.date == datetime.date(2026, 2, 3)


def test_the_home_page_takes_one_blog(home_page):
    assert set(BlogIndexPage.allowed_parent_page_models()) == {HomePage}
    assert BlogIndexPage in HomePage.allowed_subpage_models()
    assert BlogIndexPage.can_create_at(home_page)
    BlogIndexPageFactory(parent=home_page)
    assert not BlogIndexPage.can_create_at(home_page)  # max_count_per_parent = 1


@pytest.mark.django_db
def test_a_post_defaults_its_author_to_the_owner(blog):
    owner = TeacherFactory()
    post = BlogPostPageFactory(parent=blog, author=None, owner=owner)
    assert BlogPostPage.objects.get(pk=post.pk).author == owner


def titles(html: str) -> list[str]:
    """Post titles in the order the cards show them."""
    return re.findall(r'<h3><a href="[^"]*">([^<]+)</a></h3>', html)


@pytest.mark.django_db
class TestIndex:
    def test_lists_readable_posts_newest_first_with_their_details(self, client, blog):
        author = TeacherFactory(first_name="Ирина", last_name="Соколова")
        BlogPostPageFactory(parent=blog, title="Старая", date=datetime.date(2026, 1, 5))
        BlogPostPageFactory(
            parent=blog,
            title="Новая",
            intro="Про интервальное повторение.",
            date=datetime.date(2026, 3, 8),
            author=author,
            tags=["память"],
        )
        BlogPostPageFactory(parent=blog, title="Черновик", live=False)
        secret = BlogPostPageFactory(parent=blog, title="Только для своих")
        PageViewRestriction.objects.create(page=secret, restriction_type="login")
        other = BlogIndexPageFactory(parent=blog.get_parent(), slug="other-blog")
        BlogPostPageFactory(parent=other, title="Из другого блога")

        response = client.get("/ru/blog/")
        html = response.content.decode()
        assert response.status_code == 200
        assert titles(html) == ["Новая", "Старая"]
        assert "Про интервальное повторение." in html
        assert "Ирина Соколова" in html
        assert "8 марта 2026" in html  # the date, localised
        assert 'href="?tag=%D0%BF%D0%B0%D0%BC%D1%8F%D1%82%D1%8C"' in html  # ?tag=память

    def test_only_posts_of_the_index_language_are_listed(self, client, blog, home_page):
        from wagtail.models import Locale

        en = Locale.objects.get(language_code="en")
        BlogPostPageFactory(parent=blog, title="По-русски")
        BlogPostPageFactory(parent=blog, title="Stray English", locale=en)
        assert titles(client.get("/ru/blog/").content.decode()) == ["По-русски"]

    def test_filters_by_tag_and_shows_how_to_clear_it(self, client, blog):
        BlogPostPageFactory(parent=blog, title="Экзамен", tags=["экзамены", "сон"])
        BlogPostPageFactory(parent=blog, title="Сон", tags=["сон"])
        BlogPostPageFactory(parent=blog, title="Без тегов")
        BlogPostPageFactory(parent=blog, title="Черновик про сон", tags=["сон"], live=False)

        html = client.get("/ru/blog/", {"tag": "сон"}).content.decode()
        assert sorted(titles(html)) == ["Сон", "Экзамен"]
        active = re.search(r'data-testid="active-tag">(.*?)</p>', html, re.S).group(1)
        assert "«сон»" in active or "“сон”" in active
        assert 'href="/ru/blog/"' in active  # clears the filter
        assert titles(client.get("/ru/blog/", {"tag": "экзамены"}).content.decode()) == ["Экзамен"]
        # Topic links: only tags of readable posts.
        nav = re.search(r'<nav class="blog-topics".*?</nav>', html, re.S).group(0)
        assert ">сон<" in nav and ">экзамены<" in nav

    def test_an_unknown_tag_shows_the_empty_state_not_everything(self, client, blog):
        BlogPostPageFactory(parent=blog, title="Запись", tags=["сон"])
        html = client.get("/ru/blog/", {"tag": "nope"}).content.decode()
        assert titles(html) == []
        assert 'data-testid="empty-state"' in html
        assert 'href="/ru/blog/"' in html

    def test_an_empty_blog_says_so(self, client, blog):
        BlogPostPageFactory(parent=blog, title="Черновик", live=False)
        html = client.get("/ru/blog/").content.decode()
        assert 'data-testid="empty-state"' in html
        assert titles(html) == []
        assert 'class="pagination"' not in html

    def test_pages_of_twelve_survive_bad_page_numbers(self, client, blog):
        start = datetime.date(2026, 1, 1)
        for day in range(13):
            BlogPostPageFactory(
                parent=blog,
                title=f"День {day + 1:02d}",
                date=start + datetime.timedelta(days=day),
                tags=["дни"],
            )
        first = titles(client.get("/ru/blog/").content.decode())
        assert first == [f"День {n:02d}" for n in range(13, 1, -1)]
        assert titles(client.get("/ru/blog/", {"page": "2"}).content.decode()) == ["День 01"]
        for bad in ("abc", "", "1.5"):
            response = client.get("/ru/blog/", {"page": bad})
            assert response.status_code == 200
            assert titles(response.content.decode()) == first
        for beyond in ("999", "0", "-1"):  # out of range: the last page
            response = client.get("/ru/blog/", {"page": beyond})
            assert response.status_code == 200
            assert titles(response.content.decode()) == ["День 01"]
        # The tag filter is kept from page to page.
        html = client.get("/ru/blog/", {"tag": "дни"}).content.decode()
        assert "?tag=%D0%B4%D0%BD%D0%B8&amp;page=2" in html

    def test_head_links_to_absolute_feeds(self, client, blog):
        html = client.get("/ru/blog/").content.decode()
        head = html.split("</head>")[0]
        rss = re.search(
            r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', head
        )
        atom = re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head
        )
        assert rss.group(1) == "http://testserver/ru/blog/feed/rss/"
        assert atom.group(1) == "http://testserver/ru/blog/feed/atom/"
        assert client.get("/ru/blog/feed/rss/").status_code == 200

    def test_renders_in_a_fixed_number_of_queries(self, client, blog, django_assert_num_queries):
        def add_posts(count: int) -> None:
            for _ in range(count):
                BlogPostPageFactory(
                    parent=blog,
                    cover=wagtail_factories.ImageFactory(),
                    tags=["память", "языки"],
                )

        add_posts(3)
        client.get("/ru/blog/")  # warm the site-root cache and make the cover renditions
        with CaptureQueriesContext(connection) as baseline:
            html = client.get("/ru/blog/").content.decode()
        # Counted now: the connection keeps a bounded log, so a later len() could drift.
        expected = len(baseline)
        assert len(titles(html)) == 3 and html.count('class="card-image"') == 3
        add_posts(27)
        client.get("/ru/blog/")  # renditions for the new covers
        with django_assert_num_queries(expected):
            html = client.get("/ru/blog/").content.decode()
        assert len(titles(html)) == 12 and html.count('class="card-image"') == 12


@pytest.mark.django_db
class TestPost:
    def test_shows_the_post_with_author_date_tags_and_body(self, client, blog):
        author = TeacherFactory(first_name="Дмитрий", last_name="Орлов")
        BlogPostPageFactory(
            parent=blog,
            slug="sleep",
            title="Сон и память",
            intro="Почему нужно спать.",
            date=datetime.date(2026, 2, 14),
            author=author,
            tags=["сон"],
            body=[
                {"type": "heading", "value": {"text": "Во сне", "size": "h2"}},
                {"type": "paragraph", "value": "<p>Память закрепляет выученное.</p>"},
                {"type": "embed", "value": "https://www.youtube.com/watch?v=5MgBikgcWnY"},
            ],
        )
        response = client.get("/ru/blog/sleep/")
        html = response.content.decode()
        assert response.status_code == 200  # the video site is unreachable: still a page
        assert "<h1>Сон и память</h1>" in html and "<h2>Во сне</h2>" in html
        assert "Память закрепляет выученное." in html
        assert '<span data-testid="author">Дмитрий Орлов</span>' in html
        assert "14 февраля 2026" in html
        assert 'href="/ru/blog/?tag=%D1%81%D0%BE%D0%BD"' in html
        assert '<meta property="og:type" content="article">' in html
        assert 'href="/ru/blog/">← Блог' in html

    def test_related_posts_share_tags_most_first_and_are_readable(self, client, blog):
        post = BlogPostPageFactory(parent=blog, slug="main", tags=["a", "b", "c"])
        BlogPostPageFactory(parent=blog, title="Два общих", tags=["a", "b"])
        BlogPostPageFactory(parent=blog, title="Три общих", tags=["a", "b", "c", "d"])
        BlogPostPageFactory(
            parent=blog, title="Один новый", tags=["c"], date=datetime.date(2026, 3, 9)
        )
        BlogPostPageFactory(
            parent=blog, title="Один старый", tags=["a"], date=datetime.date(2026, 1, 9)
        )
        BlogPostPageFactory(parent=blog, title="Чужой", tags=["z"])
        BlogPostPageFactory(parent=blog, title="Черновик", tags=["a", "b", "c"], live=False)
        secret = BlogPostPageFactory(parent=blog, title="Для своих", tags=["a", "b", "c"])
        PageViewRestriction.objects.create(page=secret, restriction_type="login")

        assert [p.title for p in post.related_posts()] == ["Три общих", "Два общих", "Один новый"]
        html = client.get("/ru/blog/main/").content.decode()
        related = html.split('id="related-heading"')[1]
        assert titles(related) == ["Три общих", "Два общих", "Один новый"]

    def test_related_posts_load_in_a_fixed_number_of_queries(self, blog):
        post = BlogPostPageFactory(parent=blog, tags=["a"])
        BlogPostPageFactory(parent=blog, tags=["a"], cover=wagtail_factories.ImageFactory())
        sites.refresh()  # the site directory, built once per process after a change
        with CaptureQueriesContext(connection) as one:
            [(p.author_name, list(p.tags.all()), p.cover) for p in post.related_posts()]
        for _ in range(3):
            BlogPostPageFactory(parent=blog, tags=["a"], cover=wagtail_factories.ImageFactory())
        with CaptureQueriesContext(connection) as three:
            related = [(p.author_name, list(p.tags.all()), p.cover) for p in post.related_posts()]
        assert len(related) == 3
        assert len(three) == len(one)

    def test_a_post_without_tags_has_no_related_section(self, client, blog):
        BlogPostPageFactory(parent=blog, slug="lonely")
        BlogPostPageFactory(parent=blog, tags=["a"])
        assert "related-heading" not in client.get("/ru/blog/lonely/").content.decode()
