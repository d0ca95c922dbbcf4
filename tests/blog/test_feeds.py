"""RSS 2.0 and Atom feeds: valid XML, absolute links, newest first, readable posts only."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parses the site's own feed in tests

import pytest
from wagtail.models import Locale, PageViewRestriction

from .factories import BlogPostPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, not untrusted input


@pytest.fixture
def posts(blog):
    """Two readable posts, a draft, a private post and a stray English one under this blog."""
    old = BlogPostPageFactory(
        parent=blog, title="Старая", slug="old", date=datetime.date(2026, 1, 10), tags=["сон"]
    )
    new = BlogPostPageFactory(
        parent=blog,
        title="Новая",
        slug="new",
        intro="Свежая запись.",
        date=datetime.date(2026, 3, 2),
        tags=["память", "языки"],
    )
    new.author.first_name, new.author.last_name = "Ирина", "Соколова"
    new.author.save()
    BlogPostPageFactory(parent=blog, title="Черновик", live=False)
    secret = BlogPostPageFactory(parent=blog, title="Для своих")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    BlogPostPageFactory(
        parent=blog, title="Stray English", locale=Locale.objects.get(language_code="en")
    )
    return new, old


def test_rss_lists_readable_posts_newest_first_with_absolute_links(client, posts):
    response = client.get("/ru/blog/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = parse(response)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "Блог"
    assert channel.findtext("link") == "http://testserver/ru/blog/"
    assert channel.findtext("language") == "ru"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Новая", "Старая"]
    newest = items[0]
    assert newest.findtext("link") == "http://testserver/ru/blog/new/"
    assert newest.findtext("description") == "Свежая запись."
    assert newest.findtext("pubDate").startswith("Mon, 02 Mar 2026 00:00:00")
    assert [c.text for c in newest.findall("category")] == ["память", "языки"]
    assert "Ирина Соколова" in (newest.findtext("{http://purl.org/dc/elements/1.1/}creator") or "")


def test_atom_lists_the_same_posts(client, posts):
    response = client.get("/ru/blog/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Блог"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/ru/blog/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/ru/blog/feed/atom/"
    )
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Новая", "Старая"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/ru/blog/new/"
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Ирина Соколова"
    assert entries[0].findtext(f"{ATOM}summary") == "Свежая запись."


def test_feeds_hold_the_latest_twenty(client, blog):
    start = datetime.date(2026, 1, 1)
    for day in range(22):
        BlogPostPageFactory(
            parent=blog, title=f"День {day + 1:02d}", date=start + datetime.timedelta(days=day)
        )
    titles = [
        item.findtext("title")
        for item in parse(client.get("/ru/blog/feed/rss/")).find("channel").findall("item")
    ]
    assert titles == [f"День {n:02d}" for n in range(22, 2, -1)]


def test_each_language_has_its_own_feed(client, blog):
    BlogPostPageFactory(parent=blog, title="По-русски", tags=["сон"])
    en = Locale.objects.get(language_code="en")
    blog_en = blog.copy_for_translation(en, copy_parents=True)
    blog_en.title = "Blog"
    blog_en.save_revision().publish()
    BlogPostPageFactory(parent=blog_en, title="In English", slug="in-english")

    ru_items = parse(client.get("/ru/blog/feed/rss/")).find("channel").findall("item")
    assert [item.findtext("title") for item in ru_items] == ["По-русски"]
    en_channel = parse(client.get("/en/blog/feed/rss/")).find("channel")
    assert en_channel.findtext("language") == "en"
    assert [item.findtext("title") for item in en_channel.findall("item")] == ["In English"]
    assert en_channel.find("item").findtext("link") == "http://testserver/en/blog/in-english/"


def test_a_private_blog_keeps_its_feed_private(client, blog):
    BlogPostPageFactory(parent=blog, title="Секрет")
    PageViewRestriction.objects.create(page=blog, restriction_type="login")
    response = client.get("/ru/blog/feed/rss/")
    assert response.status_code == 302
    assert "Секрет" not in response.content.decode()
