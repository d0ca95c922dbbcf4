"""The review lists over JSON: published only, ordered, filtered by stars, paginated, in a
fixed number of queries whatever the number of reviews (issue 13, items 5 and 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import sites
from reviews import services
from reviews.models import Review, ReviewReply

from ..factories import StudentFactory
from .test_figures import reviewed

pytestmark = pytest.mark.django_db


def test_the_list_orders_and_filters_by_stars(api_client, course, english, moderator):
    reviewed(course, [3, 5, 1, 4])
    # The rows above are published; a pending one stays out of the list.
    Review.objects.create(
        author=StudentFactory(),
        course=english,
        course_key=english.translation_key,
        rating=2,
        text="…",
        language="en",
    )
    url = f"/api/courses/{english.pk}/reviews/"  # every translation's reviews
    newest = api_client.get(url).json()
    assert newest["count"] == 4
    assert [r["rating"] for r in api_client.get(url + "?order=highest").json()["results"]] == [
        5,
        4,
        3,
        1,
    ]
    assert [r["rating"] for r in api_client.get(url + "?order=lowest").json()["results"]] == [
        1,
        3,
        4,
        5,
    ]
    assert [r["rating"] for r in api_client.get(url + "?stars=4").json()["results"]] == [4]
    assert api_client.get(url + "?stars=6").status_code == 400
    assert api_client.get(url + "?order=random").status_code == 400
    page = api_client.get(url + "?page_size=3&order=highest").json()
    assert len(page["results"]) == 3 and page["next"]


def test_a_review_shows_the_published_reply_and_what_the_reader_may_do(
    api_client, course, moderator
):
    reviewed(course, [5])
    review = Review.objects.get()
    answer = services.reply(course.teacher, review, text="Спасибо!")
    services.approve(moderator, answer)
    api_client.force_authenticate(course.teacher)
    body = api_client.get(f"/api/courses/{course.pk}/reviews/").json()["results"][0]
    assert body["reply"]["text"] == "Спасибо!"
    assert body["reply"]["author"]["name"] == course.teacher.get_full_name()
    assert (body["can_edit"], body["can_reply"], body["can_report"]) == (False, True, True)


def test_unknown_or_unpublished_targets_are_404(api_client, course):
    assert api_client.get("/api/courses/999999/reviews/").status_code == 404
    assert api_client.get("/api/tutors/999999/reviews/").status_code == 404
    course.unpublish()
    assert api_client.get(f"/api/courses/{course.pk}/reviews/").status_code == 404


def with_replies(course, count: int, moderator) -> None:
    reviewed(course, [5, 4, 3, 2, 1] * (count // 5))
    replies = [
        ReviewReply(review=review, author=course.teacher, text="Спасибо!", status="published")
        for review in Review.objects.filter(course_key=course.translation_key)
    ]
    ReviewReply.objects.bulk_create(replies)


@pytest.mark.parametrize("who", ["anonymous", "reader", "teacher", "moderator"])
def test_the_list_costs_the_same_queries_for_5_and_50_reviews(api_client, catalog, moderator, who):
    from ..courses.factories import CoursePageFactory

    def queries(count: int) -> int:
        course = CoursePageFactory(parent=catalog)
        with_replies(course, count, moderator)
        user = {
            "anonymous": None,
            "reader": StudentFactory(),
            "teacher": course.teacher,
            # A fresh object, as each request loads (the "moderates" answer is kept on it).
            "moderator": type(moderator).objects.get(pk=moderator.pk),
        }[who]
        api_client.force_authenticate(user)
        with CaptureQueriesContext(connection) as captured:
            answer = api_client.get(f"/api/courses/{course.pk}/reviews/?page_size=100")
        assert answer.status_code == 200 and answer.json()["count"] == count
        assert all(r["reply"] for r in answer.json()["results"])
        return len(captured)

    sites.refresh()  # the site directory, built once per process after a change (core.sites)
    few, many = queries(5), queries(50)
    assert few == many
    assert many <= 6  # the course, the count, the page (author, reply, course joined), groups
