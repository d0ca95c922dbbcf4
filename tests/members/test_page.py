"""What a profile shows: published reviews only, live posts only, the tutor's page, the
member's own view, search engines kept out of the non-public ones, and its cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Review

from ..courses.factories import CoursePageFactory, TutorVideoPageFactory
from ..factories import StudentFactory
from ..reviews.helpers import review
from .conftest import member_with, reviews_by

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return f"/ru/members/{person.pk}/"


def test_a_learners_profile_shows_published_reviews_only(client, course, tutor):
    person = member_with("public")
    person.student_profile.interests = "Физика и астрономия"
    person.student_profile.save()
    reviews_by(person, course, tutor)
    html = client.get(url(person)).content.decode()
    assert "Анна П." in html and "Петрова" not in html  # named as their reviews name them
    assert "Физика и астрономия" in html
    assert "Понятный курс." in html and "Отличный репетитор." in html
    assert "Ждёт модерации." not in html and "Отклонён." not in html
    assert len(re.findall(r'data-testid="member-review"', html)) == 2
    assert f'href="{course.url}"' in html  # the course reviewed
    assert f'href="{tutor.tutor_page.url}"' in html  # the tutor reviewed
    assert 'data-testid="tutor-badge"' not in html and 'data-testid="member-posts"' not in html
    assert 'name="robots" content="noindex"' not in html


def test_a_review_of_a_course_no_longer_published_is_left_out(client, course, tutor):
    person = member_with("public")
    review(course, author=person, text="Курс снят.")
    course.unpublish()
    html = client.get(url(person)).content.decode()
    assert "Курс снят." not in html
    assert 'data-testid="member-no-reviews"' in html


def test_a_tutors_profile_links_their_page_and_shows_live_posts_only(client, tutor):
    html = client.get(url(tutor)).content.decode()
    assert "Иван Смирнов" in html  # a tutor by their full name, as on their page
    assert 'data-testid="tutor-badge"' in html
    assert f'href="{tutor.tutor_page.url}" data-testid="tutor-page-link"' in html
    assert "Учу математике 10 лет." in html and "Математика" in html
    assert "Дроби за 5 минут" in html and "Черновик" not in html
    assert len(re.findall(r'data-testid="member-post"', html)) == 1


def test_empty_states(client, tutor):
    for page in tutor.tutor_page.get_children():
        page.unpublish()
    html = client.get(url(tutor)).content.decode()
    assert 'data-testid="member-no-posts"' in html
    assert 'data-testid="member-no-reviews"' in html


@pytest.mark.parametrize("visibility", ["members", "private"])
def test_profiles_not_public_are_kept_from_search_engines(client, visibility):
    person = member_with(visibility)
    client.force_login(person)
    html = client.get(url(person)).content.decode()
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    ("visibility", "note"),
    [
        ("public", "This is your profile as everyone sees it."),
        ("private", "Your profile is private"),
    ],
)
def test_the_member_sees_whom_their_profile_is_shown_to(client, visibility, note):
    from django.utils import translation

    person = member_with(visibility)
    client.force_login(person)
    with translation.override("en"):
        html = client.get(f"/en/members/{person.pk}/").content.decode()
    assert note in html
    assert 'href="/en/cabinet/settings/"' in html


def test_reviews_are_paginated(client, course, settings):
    settings.MEMBERS_REVIEWS_PER_PAGE = 2
    person = member_with("public")
    for i in range(5):
        other = CoursePageFactory(parent=course.get_parent(), title=f"Курс {i}")
        review(other, author=person, text=f"Отзыв {i}")
    first = client.get(url(person)).content.decode()
    third = client.get(url(person) + "?page=3").content.decode()
    assert len(re.findall(r'data-testid="member-review"', first)) == 2
    assert "Отзыв 4" in first and "Отзыв 0" not in first  # newest first
    assert "Отзыв 0" in third and 'rel="prev"' in third and 'rel="next"' not in third
    # A page past the end or not a number shows the nearest real page, not an error.
    assert client.get(url(person) + "?page=99").status_code == 200
    assert client.get(url(person) + "?page=abc").status_code == 200


def grow(person, course, tutor, count: int) -> None:
    """``count`` more published reviews by the person and live posts of the tutor."""
    for i in range(count):
        other = CoursePageFactory(parent=course.get_parent(), title=f"Ещё курс {i}")
        review(other, author=person, text=f"Ещё отзыв {i}")
        TutorVideoPageFactory(parent=tutor.tutor_page, title=f"Ещё видео {i}", owner=tutor)


def test_a_profile_costs_the_same_queries_for_3_or_30_reviews_and_posts(
    client, course, tutor, django_assert_num_queries
):
    """A tutor who also reviews: the page with every section filled."""
    viewer = StudentFactory(verified=True)
    client.force_login(viewer)
    grow(tutor, course, tutor, 3)
    client.get(url(tutor))  # warm the site-root cache
    with CaptureQueriesContext(connection) as baseline:
        small = client.get(url(tutor)).content.decode()
    assert small.count('data-testid="member-review"') == 3
    grow(tutor, course, tutor, 27)
    with django_assert_num_queries(len(baseline)):
        large = client.get(url(tutor)).content.decode()
    assert large.count('data-testid="member-review"') == 10  # one page
    assert large.count('data-testid="member-post"') == 12  # the newest posts shown
    assert Review.objects.filter(author=tutor, status="published").count() == 30
