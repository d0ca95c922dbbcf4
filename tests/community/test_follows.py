"""Following tutors: one follow per pair, never oneself, only published tutors."""

import pytest
from django.db import IntegrityError, transaction

from community import services
from community.errors import CannotFollowSelf, TutorNotFound
from community.models import Follow

from .conftest import make_tutor

pytestmark = pytest.mark.django_db


def test_follow_and_unfollow(learner, tutor):
    follow, made = services.follow(learner, tutor)
    assert made and follow.tutor_id == tutor.user_id
    assert services.is_following(learner, tutor.user_id)
    assert services.followers_count(tutor.user_id) == 1
    assert services.unfollow(learner, tutor) is True
    assert not services.is_following(learner, tutor.user_id)
    assert services.unfollow(learner, tutor) is False


def test_following_twice_keeps_one_follow(learner, tutor):
    services.follow(learner, tutor)
    _follow, made = services.follow(learner, tutor)
    assert made is False
    assert Follow.objects.filter(follower=learner).count() == 1


def test_a_tutor_cannot_follow_themselves(tutor):
    with pytest.raises(CannotFollowSelf):
        services.follow(tutor.user, tutor)
    assert not Follow.objects.exists()


def test_the_database_refuses_a_self_follow_and_a_second_follow(learner, tutor):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=tutor.user, tutor=tutor.user)
    Follow.objects.create(follower=learner, tutor=tutor.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=learner, tutor=tutor.user)


def test_only_published_tutors_can_be_followed(learner, tutor_index):
    draft = make_tutor(tutor_index, live=False)
    with pytest.raises(TutorNotFound):
        services.published_tutor(draft.pk)


def test_follow_form_works_without_javascript(client, learner, tutor):
    client.force_login(learner)
    url = f"/ru/feed/tutors/{tutor.pk}/follow/"
    response = client.post(url, {"following": "1", "next": "/ru/feed/"})
    assert response.status_code == 302 and response["Location"] == "/ru/feed/"
    assert services.is_following(learner, tutor.user_id)
    # A resubmitted form asks for the same state: still one follow, not a flip back.
    client.post(url, {"following": "1"})
    assert Follow.objects.filter(follower=learner).count() == 1
    answer = client.post(url, {"following": "0"}, HTTP_ACCEPT="application/json")
    assert answer.json() == {"following": False, "followers_count": 0}


def test_follow_form_refuses_get_and_strangers(client, learner, tutor):
    url = f"/ru/feed/tutors/{tutor.pk}/follow/"
    assert client.post(url, {"following": "1"}).status_code == 302  # to sign in
    assert not Follow.objects.exists()
    client.force_login(learner)
    assert client.get(url).status_code == 405
    assert client.post(f"/ru/feed/tutors/{tutor.pk + 999}/follow/").status_code == 404
