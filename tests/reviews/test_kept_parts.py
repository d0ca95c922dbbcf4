"""The reviews section kept for each kind of reader (home.parts): the summary and the list are
asked once per page and kind of reader, the call to write a review for every reader; nobody
sees what was kept for someone else."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import ProfileSettings
from home import page_cache

from ..factories import StudentFactory
from .helpers import completed, review
from .test_pages import MATRIX, person, section

pytestmark = pytest.mark.django_db


def seen(course, who) -> str:
    client = Client()
    if who is not None:
        client.force_login(who)
    return section(client.get(course.url).content.decode())


def test_every_kind_of_reader_sees_their_own_buttons_from_a_warm_cache(course):
    review(course, text="Чужой отзыв")
    readers = {kind: person(kind, course) for kind in MATRIX}
    for round_ in ("cold", "warm"):
        for kind, who in readers.items():
            sees_write, _may, sees_reply, sees_report = MATRIX[kind]
            html = seen(course, who)
            assert "Чужой отзыв" in html
            assert ('data-testid="review-write"' in html) is sees_write, (round_, kind)
            assert ('data-testid="review-reply-link"' in html) is sees_reply, (round_, kind)
            assert ('data-testid="review-report"' in html) is sees_report, (round_, kind)


def test_the_author_sees_their_review_as_theirs_and_others_may_report_it(course):
    author = completed(course)
    review(course, author=author, text="Мой отзыв")
    other = completed(course)
    for _ in range(2):  # the second round from the kept parts
        mine, theirs = seen(course, author), seen(course, other)
        assert 'data-testid="review-report"' not in mine and 'data-testid="review-own"' in mine
        assert "Ваш отзыв" in mine.split('data-testid="review-list"')[1]  # the badge
        assert 'data-testid="review-report"' in theirs
        assert "Ваш отзыв" not in theirs


def test_staff_see_links_to_profiles_that_members_do_not(course):
    author = StudentFactory(verified=True, first_name="Анна", last_name="Петрова")
    ProfileSettings.objects.update_or_create(
        user=author, defaults={"profile_visibility": "private"}
    )
    review(course, author=author)
    staff = StudentFactory(verified=True, is_staff=True)
    member = StudentFactory(verified=True)
    for _ in range(2):
        assert 'data-testid="review-author-profile"' not in seen(course, member)
        assert 'data-testid="review-author-profile"' in seen(course, staff)


def test_a_kept_list_costs_a_signed_in_reader_no_query(client, course):
    for n in range(3):
        review(course, text=f"Отзыв {n}")
    client.force_login(StudentFactory())

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(course.url, {"order": "lowest"}).status_code == 200
        return [q["sql"] for q in captured if '"reviews_review"' in q["sql"]]

    queries()
    page_cache.purge()
    fresh = queries()
    kept = queries()
    # Fresh: the summary, the page of reviews and the reader's own review; kept: none (their
    # own review is part of what is kept about them, core.personal).
    assert len(fresh) == 3 and kept == []
