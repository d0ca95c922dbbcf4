"""The moderation queue in the Wagtail admin: listing, filters, approve, reject, pin."""

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Review, ReviewReply, ReviewReport

from ..courses.factories import CoursePageFactory, TutorPageFactory
from ..factories import StudentFactory, TeacherFactory
from .helpers import moderator, review

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog, title="Физика с нуля")


@pytest.fixture
def staff(client):
    person = moderator()
    client.force_login(person)
    return person


def rows(html: str) -> int:
    return html.count('<tr class="')


def test_the_queue_lists_and_filters_reviews(client, staff, course, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index)
    review(course, text="Ждёт решения", status="pending", rating=2)
    review(tutor.user, text="О репетиторе", rating=5)
    reported = review(course, text="С жалобой", rating=1)
    ReviewReport.objects.create(review=reported, reporter=StudentFactory(), reason="Грубость")
    html = client.get("/admin/reviews/").content.decode()
    assert "Ждёт решения" in html and "О репетиторе" in html and "С жалобой" in html
    pending = client.get("/admin/reviews/", {"status": "pending"}).content.decode()
    assert "Ждёт решения" in pending and "О репетиторе" not in pending
    tutors = client.get("/admin/reviews/", {"target": "tutor"}).content.decode()
    assert "О репетиторе" in tutors and "Ждёт решения" not in tutors
    flagged = client.get("/admin/reviews/", {"reported": "true"}).content.decode()
    assert "С жалобой" in flagged and "Ждёт решения" not in flagged
    ones = client.get("/admin/reviews/", {"rating": "1"}).content.decode()
    assert "С жалобой" in ones and "О репетиторе" not in ones
    dated = client.get(
        "/admin/reviews/", {"created_at_from": "2000-01-01", "created_at_to": "2000-01-02"}
    ).content.decode()
    assert "С жалобой" not in dated
    # The menu shows what waits: one pending and one reported.
    menu = client.get("/admin/").content.decode()  # the sidebar is JSON in the page
    assert json.dumps("Отзывы (2)")[1:-1] in menu


def test_approve_reject_with_a_reason_and_pin(client, staff, course):
    waiting = review(course, text="Прекрасно", status="pending")
    form = client.get(f"/admin/reviews/moderate/review/{waiting.pk}/approve/")
    assert form.status_code == 200 and "Прекрасно" in form.content.decode()
    client.post(f"/admin/reviews/moderate/review/{waiting.pk}/approve/")
    waiting.refresh_from_db()
    assert waiting.status == "published" and waiting.moderated_by == staff

    no_reason = client.post(f"/admin/reviews/moderate/review/{waiting.pk}/reject/", {"reason": ""})
    assert no_reason.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == "published"
    client.post(f"/admin/reviews/moderate/review/{waiting.pk}/reject/", {"reason": "Реклама"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.rejection_reason) == ("rejected", "Реклама")

    shown = review(course, text="На главную")
    client.post(f"/admin/reviews/moderate/review/{shown.pk}/pin/")
    shown.refresh_from_db()
    assert shown.pinned
    client.post(f"/admin/reviews/moderate/review/{shown.pk}/pin/")
    shown.refresh_from_db()
    assert not shown.pinned


def test_one_review_with_its_reports(client, staff, course):
    item = review(course, text="Спорный отзыв")
    ReviewReport.objects.create(review=item, reporter=StudentFactory(), reason="Это реклама")
    html = client.get(f"/admin/reviews/inspect/{item.pk}/").content.decode()
    assert "Спорный отзыв" in html and "Это реклама" in html
    assert f"/admin/reviews/moderate/review/{item.pk}/reject/" in html
    client.post(f"/admin/reviews/moderate/review/{item.pk}/approve/")  # kept: reports closed
    assert not item.reports.filter(resolved_at__isnull=True).exists()


def test_replies_are_moderated_too(client, staff, course):
    theirs = review(course)
    reply = ReviewReply.objects.create(review=theirs, author=course.teacher, text="Ответ учителя")
    html = client.get("/admin/reviews/replies/").content.decode()
    assert "Ответ учителя" in html
    client.post(f"/admin/reviews/moderate/reply/{reply.pk}/approve/")
    reply.refresh_from_db()
    assert reply.is_published


def test_a_tutor_who_moderates_never_sees_reviews_of_themselves(client, course, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index)
    tutor.user.groups.add(Group.objects.get(name="Moderators"))
    own_course = CoursePageFactory(parent=course.get_parent(), teacher=tutor.user, owner=tutor.user)
    about_them = review(tutor.user, text="Про меня", status="pending")
    about_course = review(own_course, text="Про мой курс", status="pending")
    review(course, text="Чужой курс", status="pending")
    client.force_login(tutor.user)
    html = client.get("/admin/reviews/").content.decode()
    assert "Чужой курс" in html
    assert "Про меня" not in html and "Про мой курс" not in html
    for item in (about_them, about_course):
        response = client.post(f"/admin/reviews/moderate/review/{item.pk}/approve/")
        assert response.status_code in (302, 403)
        assert Review.objects.get(pk=item.pk).status == "pending"


def test_learners_and_teachers_have_no_queue(client, course):
    review(course, status="pending")
    for person in (StudentFactory(), TeacherFactory()):
        client.force_login(person)
        assert client.get("/admin/reviews/").status_code in (302, 403)
    item = Review.objects.get()
    assert client.post(f"/admin/reviews/moderate/review/{item.pk}/approve/").status_code in (
        302,
        403,
    )
    assert Review.objects.get().status == "pending"


def test_the_queue_takes_a_fixed_number_of_queries(client, staff, catalog):
    def add(count):
        for _ in range(count):
            item = review(CoursePageFactory(parent=catalog), status="pending")
            ReviewReport.objects.create(review=item, reporter=StudentFactory(), reason="?")

    def queries() -> int:
        client.get("/admin/reviews/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/reviews/").status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(10)
    assert queries() == few
