"""The demo learners' follows, likes and comments on video posts (community.yaml), made through
the apps' services: every counter agrees with the rows it counts, and the feed shows it."""

import pytest
from django.db.models import Count
from django.utils.html import escape

from accounts.models import User
from comments.models import Comment, CommentLike
from comments.targets import visible_count_of
from community.models import Follow, PostLike, PostStats
from courses.models import TutorPage, TutorVideoPage

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def post_of(demo, ref: str, language: str | None = None) -> TutorVideoPage:
    tutor_slug, slug = ref.split("/")
    tutor = TutorPage.objects.child_of(demo.tutor_index).get(slug=tutor_slug)
    post = TutorVideoPage.objects.child_of(tutor).get(slug=slug)
    return post.get_translation(demo.en) if language == "en" else post


def test_learners_follow_the_tutors_in_the_data(demo):
    expected = {
        (item["learner"], TutorPage.objects.get(locale=demo.ru, slug=slug).user.email)
        for item in demo.community["follows"]
        for slug in item["tutors"]
    }
    follows = set(Follow.objects.values_list("follower__email", "tutor__email"))
    assert follows == expected


def test_likes_are_counted_on_each_post(demo):
    for item in demo.community["likes"]:
        post = post_of(demo, item["post"], item.get("language"))
        likers = set(PostLike.objects.filter(post=post).values_list("user__email", flat=True))
        assert likers == set(item["by"])
    # Every post's figure is its likes, counted: the service moved it with each like.
    counted = dict(PostLike.objects.values_list("post").annotate(n=Count("pk")))
    for stats in PostStats.objects.all():
        assert stats.like_count == counted.get(stats.post_id, 0), stats.post_id
    assert sum(counted.values()) == sum(len(item["by"]) for item in demo.community["likes"])


def test_comments_replies_and_their_likes_are_counted(demo):
    for item in demo.community["comments"]:
        post = post_of(demo, item["post"], item.get("language"))
        comment = Comment.objects.get(video=post, parent=None, author__email=item["by"])
        assert comment.text == item["text"].strip()
        assert comment.like_count == len(item.get("liked_by", []))
        replies = list(comment.replies.order_by("created_at"))
        assert [(r.author.email, r.text) for r in replies] == [
            (spec["by"], spec["text"]) for spec in item.get("replies", [])
        ]
        for reply, spec in zip(replies, item.get("replies", []), strict=True):
            assert reply.like_count == len(spec["liked_by"])
    assert Comment.objects.filter(parent__isnull=False).exists()  # at least one reply
    for comment in Comment.objects.filter(video__isnull=False):
        assert comment.like_count == CommentLike.objects.filter(comment=comment).count()
    # The posts' comment figures (updated after the commit) match their visible comments.
    visible = visible_count_of(TutorVideoPage.objects.all())
    assert visible  # comments exist on video posts
    for stats in PostStats.objects.all():
        assert stats.comment_count == visible.get(stats.post_id, 0), stats.post_id


def test_the_tutor_and_the_author_answered_hear_of_it(demo):
    item = next(item for item in demo.community["comments"] if item.get("replies"))
    post = post_of(demo, item["post"])
    comment = Comment.objects.get(video=post, parent=None, author__email=item["by"])
    reply = comment.replies.get()
    tutor = TutorPage.objects.get(pk=post.get_parent().pk).user
    assert tutor.notifications.filter(key=f"comment:{comment.pk}").exists()
    assert comment.author.notifications.filter(key=f"comment:{reply.pk}").exists()


def test_a_learner_sees_followed_tutors_posts_first_in_the_feed(demo, client):
    learner = User.objects.get(email="student1@ustat.test")
    client.force_login(learner)
    response = client.get("/ru/feed/")
    assert response.status_code == 200
    page = response.content.decode()
    followed = {
        slug
        for item in demo.community["follows"]
        if item["learner"] == learner.email
        for slug in item["tutors"]
    }
    titles = {spec["tutor"]: escape(spec["title"]) for spec in demo.videos["posts"]}
    assert all(title in page for title in titles.values())
    # Posts of followed tutors come before the others (the feed's first tier).
    mine = [title for tutor, title in titles.items() if tutor in followed]
    others = [title for tutor, title in titles.items() if tutor not in followed]
    assert mine and others
    assert max(page.index(t) for t in mine) < min(page.index(t) for t in others)
