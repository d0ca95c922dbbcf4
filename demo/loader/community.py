"""The demo learners' follows, likes and comments on video posts (community.yaml), made
through ``community.services`` and ``comments.services`` so that every counter (a post's
likes and comments in ``PostStats``, a comment's likes) is the apps' own count, and the
tutors get the notices they would get on the site. What exists already is left alone."""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale

from accounts.models import User
from comments import services as comments
from comments.models import Comment
from community import services as community
from courses.models import TutorIndexPage, TutorPage, TutorVideoPage


class Posts:
    """Video posts by "<tutor page>/<post>" slugs under the Russian tutor list, in a language."""

    def __init__(self, tutor_index: TutorIndexPage) -> None:
        self.tutors = {page.slug: page for page in TutorPage.objects.child_of(tutor_index)}
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}

    def tutor(self, slug: str) -> TutorPage:
        return self.tutors[slug]

    def post(self, ref: str, language: str | None = None) -> TutorVideoPage:
        tutor_slug, slug = ref.split("/")
        post = TutorVideoPage.objects.child_of(self.tutors[tutor_slug]).get(slug=slug)
        if language:
            post = post.get_translation(self.locales[language])
        return post


def _comment(
    author: User, post: TutorVideoPage, text: str, parent: Comment | None = None
) -> tuple[Comment, bool]:
    """The author's comment with this text on the post (and under this parent): found, or
    written through the comments app. (comment, whether written now)"""
    text = text.strip()
    existing = Comment.objects.filter(video=post, author=author, text=text, parent=parent).first()
    if existing is not None:
        return existing, False
    return comments.add_comment(author, post, text, parent=parent), True


def _like_comment(comment: Comment, emails: list[str], people: dict[str, User]) -> None:
    for email in emails:
        comments.set_like(people[email], comment, True)  # liking twice changes nothing


def load_community(data: dict[str, Any], tutor_index: TutorIndexPage) -> dict[str, int]:
    """Follows, post likes, comments and their replies and likes. Returns how many `follows`,
    `likes` and `comments` (replies included) were made this run."""
    emails = {item["learner"] for item in data["follows"]}
    emails |= {email for item in data["likes"] for email in item["by"]}
    for item in data["comments"]:
        emails |= {item["by"], *item.get("liked_by", [])}
        for reply in item.get("replies", []):
            emails |= {reply["by"], *reply.get("liked_by", [])}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    posts = Posts(tutor_index)
    made = {"follows": 0, "likes": 0, "comments": 0}

    for item in data["follows"]:
        for slug in item["tutors"]:
            _follow, new = community.follow(people[item["learner"]], posts.tutor(slug))
            made["follows"] += new
    for item in data["likes"]:
        post = posts.post(item["post"], item.get("language"))
        for email in item["by"]:
            made["likes"] += community.like(people[email], post).changed
    for item in data["comments"]:
        post = posts.post(item["post"], item.get("language"))
        comment, new = _comment(people[item["by"]], post, item["text"])
        made["comments"] += new
        _like_comment(comment, item.get("liked_by", []), people)
        for spec in item.get("replies", []):
            reply, new = _comment(people[spec["by"]], post, spec["text"], parent=comment)
            made["comments"] += new
            _like_comment(reply, spec.get("liked_by", []), people)
    return made
