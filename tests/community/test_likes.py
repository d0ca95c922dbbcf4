"""Likes: one per person and post, toggled, the count moved with them."""

import pytest

from community import services
from community.errors import PostNotFound
from community.models import PostLike, PostStats

from .conftest import make_post

pytestmark = pytest.mark.django_db


def count(post) -> int:
    return PostStats.objects.get(pk=post.pk).like_count


def test_like_toggles(learner, post):
    state = services.toggle_like(learner, post)
    assert (state.liked, state.like_count, state.changed) == (True, 1, True)
    assert count(post) == 1 and services.has_liked(learner, post.pk)
    state = services.toggle_like(learner, post)
    assert (state.liked, state.like_count) == (False, 0)
    assert count(post) == 0 and not PostLike.objects.exists()


def test_a_second_like_changes_nothing(learner, people, post):
    services.like(learner, post)
    state = services.like(learner, post)
    assert state.changed is False and state.like_count == 1
    for person in people:
        services.like(person, post)
    assert count(post) == 4 == PostLike.objects.filter(post=post).count()


def test_unliking_what_was_not_liked_keeps_the_count(learner, people, post):
    services.like(people[0], post)
    state = services.unlike(learner, post)
    assert state.changed is False and count(post) == 1


def test_a_post_without_figures_gets_them_on_its_first_like(learner, post):
    PostStats.objects.filter(pk=post.pk).delete()
    services.like(learner, post)
    assert count(post) == 1


def test_only_live_posts_can_be_liked(learner, tutor):
    draft = make_post(tutor, live=False)
    with pytest.raises(PostNotFound):
        services.live_post(draft.pk)


def test_like_form_works_without_javascript(client, learner, post):
    client.force_login(learner)
    url = f"/ru/feed/videos/{post.pk}/like/"
    response = client.post(url, {"liked": "1", "next": "/ru/feed/?sort=popular"})
    assert response.status_code == 302 and response["Location"] == "/ru/feed/?sort=popular"
    assert count(post) == 1
    client.post(url, {"liked": "1"})  # the same form again: still liked once
    assert count(post) == 1
    answer = client.post(url, {"liked": "0"}, HTTP_ACCEPT="application/json")
    assert answer.json() == {"liked": False, "like_count": 0}


def test_like_form_refuses_strangers_and_foreign_redirects(client, learner, post):
    url = f"/ru/feed/videos/{post.pk}/like/"
    assert client.post(url, {"liked": "1"})["Location"].startswith("/accounts/login/")
    assert count(post) == 0
    client.force_login(learner)
    response = client.post(url, {"liked": "1", "next": "https://evil.example/"})
    assert response["Location"] == post.url
