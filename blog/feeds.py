"""RSS 2.0 and Atom feeds of one blog index, served by its routes (feed/rss/, feed/atom/).

The blog's models import this module to serve the feeds, so it does not import them: the index
page it is built for hands over everything a feed needs (its posts, its feed URLs).
"""

from datetime import date, datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Page

from home.seo import page_url

FEED_SIZE = 20


class BlogRssFeed(Feed):
    """The latest posts of one blog. Built per request for its index page (no shared state)."""

    route_name = "rss-feed"

    def __init__(self, index: Page) -> None:
        super().__init__()
        self.index = index
        self.language = index.locale.language_code
        self.request: HttpRequest | None = None

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Page:
        # Feed has no other way to hand the request to item_link(); links must be absolute.
        self.request = request
        return self.index

    def title(self, index: Page) -> str:
        return index.seo_title or index.title

    def link(self, index: Page) -> str:
        return page_url(index, self.request) or ""

    def feed_url(self, index: Page) -> str:
        # The canonical address on the site's host, not whatever host the request came by.
        return index.feed_url(self.request, self.route_name)

    def description(self, index: Page) -> str:
        return (
            index.search_description
            or index.introduction
            or gettext("The latest posts of %(title)s") % {"title": index.title}
        )

    def items(self, index: Page) -> list[Page]:
        return list(index.posts().for_listing()[:FEED_SIZE])

    def item_title(self, post: Page) -> str:
        return post.title

    def item_description(self, post: Page) -> str:
        # Feed readers take the description as HTML; the introduction is plain text.
        return escape(post.intro)

    def item_link(self, post: Page) -> str:
        # On the site's public address (home.seo), like the canonical links.
        return page_url(post, self.request) or ""

    def item_pubdate(self, post: Page) -> datetime:
        return _midnight(post.date)

    def item_updateddate(self, post: Page) -> datetime | None:
        return post.last_published_at

    def item_author_name(self, post: Page) -> str | None:
        return post.author_name or None

    def item_categories(self, post: Page) -> list[str]:
        return sorted(tag.name for tag in post.tags.all())


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed
    route_name = "atom-feed"

    def subtitle(self, index: Page) -> str:
        # Atom calls the description a subtitle.
        return self.description(index)


def _midnight(day: date) -> datetime:
    """A post has a date, a feed wants a moment: the start of that day in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
