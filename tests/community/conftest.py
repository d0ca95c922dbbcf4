"""Tutors with video posts for the community tests: posts are made by the page factory and
given their figures row as a first publish would (``services.ensure_stats``), with the
publish time and counts a test asks for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from community import services
from community.models import PostStats

from ..courses.factories import TutorPageFactory, TutorVideoPageFactory
from ..factories import StudentFactory


def make_tutor(index, **fields):
    return TutorPageFactory(parent=index, **fields)


def make_post(tutor_page, *, hours_ago: float = 1, likes: int = 0, comments: int = 0, **fields):
    published = timezone.now() - timedelta(hours=hours_ago)
    post = TutorVideoPageFactory(parent=tutor_page, first_published_at=published, **fields)
    services.ensure_stats(post)
    PostStats.objects.filter(pk=post.pk).update(
        published_at=published, like_count=likes, comment_count=comments
    )
    return post


@pytest.fixture
def tutor(tutor_index):
    return make_tutor(tutor_index, title="Ольга Лебедева")


@pytest.fixture
def post(tutor):
    return make_post(tutor, title="Дроби за пять минут")


@pytest.fixture
def learner(db):
    return StudentFactory(verified=True)


@pytest.fixture
def people(db):
    return [StudentFactory(verified=True) for _ in range(3)]
