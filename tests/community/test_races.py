"""Likes and follows at the same instant on PostgreSQL: N people liking at once leave the
count at N; one person's double click leaves one like and a count of one."""

from collections import Counter

import pytest
from rest_framework.test import APIClient

from community.models import Follow, PostLike, PostStats

from ..factories import StudentFactory
from ..races import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def call(user, method: str, url: str) -> int:
    api = APIClient()
    api.force_authenticate(user)
    return getattr(api, method)(url).status_code


def test_many_people_liking_at_once_count_each(postgres, post):
    people = [StudentFactory(verified=True) for _ in range(8)]
    url = f"/api/videos/{post.pk}/like/"
    statuses = at_once([lambda p=p: call(p, "post", url) for p in people])
    assert statuses == [200] * 8
    assert PostStats.objects.get(pk=post.pk).like_count == 8 == PostLike.objects.count()


def test_a_double_like_is_one_like(postgres, learner, post):
    url = f"/api/videos/{post.pk}/like/"
    statuses = at_once([lambda: call(learner, "post", url) for _ in range(4)])
    assert statuses == [200] * 4
    assert PostStats.objects.get(pk=post.pk).like_count == 1 == PostLike.objects.count()


def test_likes_and_unlikes_at_once_keep_the_count_true(postgres, post):
    people = [StudentFactory(verified=True) for _ in range(6)]
    url = f"/api/videos/{post.pk}/like/"
    for person in people[:3]:
        call(person, "post", url)
    jobs = [lambda p=p: call(p, "delete", url) for p in people[:3]]
    jobs += [lambda p=p: call(p, "post", url) for p in people[3:]]
    assert at_once(jobs) == [200] * 6
    assert PostStats.objects.get(pk=post.pk).like_count == 3 == PostLike.objects.count()


def test_a_double_follow_is_one_follow(postgres, learner, tutor):
    url = f"/api/tutors/{tutor.pk}/follow/"
    statuses = at_once([lambda: call(learner, "post", url) for _ in range(4)])
    assert Counter(statuses) == {201: 1, 200: 3}
    assert Follow.objects.count() == 1
