"""The demo blog (blog.yaml, blog_en.yaml): a Russian blog with six posts and an English blog
with the translations of some of them.

Every page is looked up by its slug (or as a translation) before it is made, so a second run
adds nothing.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from wagtail.models import Locale, Page

from accounts.models import User
from blog.models import BlogIndexPage, BlogPostPage

from .pages import add_published, translated


def load_blog(
    data: dict[str, Any], parent: Page, en: Locale, english: dict[str, Any] | None = None
) -> BlogIndexPage:
    """The Russian blog under `parent` with its posts, and the English translation of the
    index and of the posts in `english` (blog_en.yaml; each names the post it translates)."""
    index = BlogIndexPage.objects.child_of(parent).filter(slug=data["index"]["ru"]["slug"]).first()
    if index is None:
        index = add_published(parent, BlogIndexPage(show_in_menus=True, **data["index"]["ru"]))
    authors = _authors(data["authors"])
    today = timezone.localdate()
    posts = {}
    for number, post in enumerate(data["posts"]):
        author = authors[number % len(authors)] if authors else None
        posts[post["slug"]] = _post(index, post, author, today)

    translated(index, en, data["index"]["en"])
    for post_en in (english or {}).get("posts", []):
        fields = {name: value for name, value in post_en.items() if name not in {"of", "tags"}}
        translated(posts[post_en["of"]], en, fields, tags=post_en["tags"])
    return index


def _authors(emails: list[str]) -> list[User]:
    """The users with these e-mails, in the order given (unknown e-mails are left out)."""
    by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails if email in by_email]


def _post(
    index: BlogIndexPage, data: dict[str, Any], author: User | None, today: date
) -> BlogPostPage:
    post = BlogPostPage.objects.child_of(index).filter(slug=data["slug"]).first()
    if post is None:
        post = BlogPostPage(
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            body=data["body"],
            date=today - timedelta(days=data["days_ago"]),
            author=author,
            owner=author,
        )
        post.tags.set(data["tags"])
        add_published(index, post)
    return post
