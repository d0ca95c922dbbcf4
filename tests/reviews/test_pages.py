"""The reviews on the course and tutor pages, seen by each kind of visitor, and their cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from home import page_cache
from learning.enrollment.models import Enrollment, LessonProgress
from reviews import permissions
from reviews.models import Review, ReviewReply

from ..courses.factories import CoursePageFactory, LessonPageFactory, TutorPageFactory
from ..factories import StudentFactory, TeacherFactory, translate
from .helpers import completed, many_reviews, moderator, review

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="Python с нуля")
    for _ in range(3):
        LessonPageFactory(parent=course)
    return course


def ru(text) -> str:
    """A text as the Russian page shows it (the texts of the models and rules included)."""
    with translation.override("ru"):
        return escape(str(text))


def section(html: str) -> str:
    start = html.index('id="reviews"')
    return html[start : html.index("</section>", start)]


def reviews_shown(html: str) -> list[str]:
    return re.findall(r'data-testid="review" lang="\w+">', html)


def test_a_visitor_sees_the_summary_bars_reviews_and_replies(client, course):
    first = review(course, rating=5, text="Всё понятно с первого урока.")
    review(course, rating=3, text="Средне.")
    review(course, rating=4, text="Ждёт модерации.", status="pending")
    review(course, rating=1, text="Отклонён.", status="rejected")
    ReviewReply.objects.create(
        review=first,
        author=course.teacher,
        text="Спасибо за отзыв!",
        status="published",
        published_at=timezone.now(),
    )
    html = section(client.get(course.url).content.decode())
    assert "Всё понятно с первого урока." in html and "Средне." in html
    assert "Ждёт модерации." not in html and "Отклонён." not in html
    assert "Спасибо за отзыв!" in html
    assert "4,0" in html  # the plain mean of 5 and 3, in the page's language
    assert "2 отзыва" in html
    assert "Анна П." in html  # first name and initial, never the address
    # Stars and bars carry text alternatives.
    assert "Оценка 5 из 5" in html
    assert "Оценка 5: 1 отзыв" in html and "Оценка 4: 0 отзывов" in html
    assert 'data-testid="review-sign-in"' in html and "/accounts/login/?next=" in html
    assert 'data-testid="review-write"' not in html


def test_an_unpublished_reply_is_not_shown_to_visitors(client, course):
    first = review(course)
    ReviewReply.objects.create(review=first, author=course.teacher, text="Черновик ответа")
    assert "Черновик ответа" not in client.get(course.url).content.decode()
    client.force_login(course.teacher)
    html = client.get(course.url).content.decode()
    assert "Черновик ответа" in html  # its author sees it, with its status
    assert ru(ReviewReply.Status.PENDING.label) in section(html)


def test_no_reviews_yet(client, course):
    html = section(client.get(course.url).content.decode())
    assert "Отзывов об этом курсе пока нет." in html
    assert 'data-testid="review-list"' not in html


def test_an_ineligible_learner_is_told_what_to_do_first(client, course):
    learner = StudentFactory()
    Enrollment.objects.create(user=learner, course=course, source="free")
    client.force_login(learner)
    html = section(client.get(course.url).content.decode())
    assert 'data-testid="review-not-allowed"' in html
    assert ru(permissions.eligibility(learner, course).reason) in html
    assert 'data-testid="review-write"' not in html
    response = client.post(f"/ru/reviews/write/{course.pk}/", {"rating": 5, "text": "Хочу!"})
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_an_eligible_learner_writes_a_review_that_waits_for_a_moderator(client, course):
    learner = completed(course)
    client.force_login(learner)
    html = section(client.get(course.url).content.decode())
    assert 'data-testid="review-write"' in html
    form = client.get(f"/ru/reviews/write/{course.pk}/")
    assert form.status_code == 200 and 'name="rating"' in form.content.decode()
    response = client.post(
        f"/ru/reviews/write/{course.pk}/", {"rating": 4, "text": "Хороший курс."}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{course.url}#reviews"
    html = response.content.decode()
    assert "появится после проверки модератором" in html  # the message
    own = section(html)
    assert 'data-testid="review-own"' in own
    assert f'data-testid="review-own-status">{ru(Review.Status.PENDING.label)}<' in own
    assert "Его видите только вы" in own
    review_ = Review.objects.get()
    assert (review_.author, review_.rating, review_.status) == (learner, 4, "pending")
    assert review_.language == "ru"
    # Nobody else sees it.
    client.logout()
    assert "Хороший курс." not in client.get(course.url).content.decode()
    # Writing again leads to the edit form.
    client.force_login(learner)
    again = client.get(f"/ru/reviews/write/{course.pk}/")
    assert again.status_code == 302 and again["Location"] == f"/ru/reviews/{review_.pk}/edit/"


def test_errors_show_on_the_form(client, course):
    client.force_login(completed(course))
    response = client.post(f"/ru/reviews/write/{course.pk}/", {"text": "Без оценки"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field-errors"' in html and "Без оценки" in html
    assert not Review.objects.exists()


def test_the_author_edits_and_deletes_their_review(client, course):
    learner = completed(course)
    mine = review(course, author=learner, rating=5, text="Было хорошо.")
    client.force_login(learner)
    html = section(client.get(course.url).content.decode())
    assert 'data-testid="review-own"' in html
    assert f'data-testid="review-own-status">{ru(Review.Status.PUBLISHED.label)}<' in html
    assert 'data-testid="review-edit"' in html and 'data-testid="review-delete"' in html
    assert 'data-testid="review-report"' not in html  # not one's own

    response = client.post(f"/ru/reviews/{mine.pk}/edit/", {"rating": 3, "text": "Уже хуже."})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.rating, mine.text, mine.status) == (3, "Уже хуже.", "pending")

    confirm = client.get(f"/ru/reviews/{mine.pk}/delete/")
    assert confirm.status_code == 200 and Review.objects.filter(pk=mine.pk).exists()
    client.post(f"/ru/reviews/{mine.pk}/delete/")
    assert not Review.objects.filter(pk=mine.pk).exists()


def test_a_rejected_review_shows_its_reason_to_its_author(client, course):
    learner = completed(course)
    review(course, author=learner, status="rejected", rejection_reason="Ссылка на рекламу.")
    client.force_login(learner)
    html = section(client.get(course.url).content.decode())
    assert ru(Review.Status.REJECTED.label) in html and "Ссылка на рекламу." in html


def test_others_may_not_edit_or_delete_a_review(client, course):
    theirs = review(course)
    client.force_login(StudentFactory())
    assert client.get(f"/ru/reviews/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/ru/reviews/{theirs.pk}/delete/").status_code == 403
    assert Review.objects.filter(pk=theirs.pk).exists()


def test_the_teacher_replies_and_another_teacher_cannot(client, course, settings):
    theirs = review(course, text="Понравилось.")
    client.force_login(course.teacher)
    html = section(client.get(course.url).content.decode())
    assert 'data-testid="review-reply-link"' in html
    assert 'data-testid="review-write"' not in html
    assert 'data-testid="review-yours-to-answer"' in html  # no refusal: they answer
    response = client.post(f"/ru/reviews/{theirs.pk}/reply/", {"text": "Рад, что помогло."})
    assert response.status_code == 302
    reply = ReviewReply.objects.get()
    assert (reply.author, reply.status) == (course.teacher, "pending")
    # Editing it: the form is filled with the reply.
    assert "Рад, что помогло." in client.get(f"/ru/reviews/{theirs.pk}/reply/").content.decode()

    other = TeacherFactory()
    client.force_login(other)
    html = section(client.get(course.url).content.decode())
    assert 'data-testid="review-reply-link"' not in html
    assert client.get(f"/ru/reviews/{theirs.pk}/reply/").status_code == 403
    assert client.post(f"/ru/reviews/{theirs.pk}/reply/", {"text": "Чужой"}).status_code == 403


def test_the_teacher_deletes_their_reply_by_post_only(client, course):
    theirs = review(course)
    ReviewReply.objects.create(review=theirs, author=course.teacher, text="Ответ")
    client.force_login(course.teacher)
    assert client.get(f"/ru/reviews/{theirs.pk}/reply/delete/").status_code == 405
    client.post(f"/ru/reviews/{theirs.pk}/reply/delete/")
    assert not ReviewReply.objects.exists()


def test_a_reader_reports_a_review_once(client, course):
    theirs = review(course)
    reader = StudentFactory()
    client.force_login(reader)
    html = section(client.get(course.url).content.decode())
    assert 'data-testid="review-report"' in html
    assert client.post(f"/ru/reviews/{theirs.pk}/report/", {"reason": ""}).status_code == 200
    assert not theirs.reports.exists()
    response = client.post(f"/ru/reviews/{theirs.pk}/report/", {"reason": "Оскорбления"})
    assert response.status_code == 302
    again = client.post(f"/ru/reviews/{theirs.pk}/report/", {"reason": "Ещё раз"})
    assert again.status_code == 200 and 'class="form-errors"' in again.content.decode()
    assert theirs.reports.count() == 1


def test_changes_need_post_and_a_csrf_token(course):
    from django.test import Client

    learner = completed(course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(f"/ru/reviews/write/{course.pk}/", {"rating": 5, "text": "Без токена"})
    assert response.status_code == 403 and not Review.objects.exists()
    signed_out = client.__class__()
    response = signed_out.get(f"/ru/reviews/write/{course.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_order_stars_and_pages(client, course, settings):
    settings.REVIEWS_PER_PAGE = 2
    for rating, text in [(2, "Двойка"), (5, "Пятёрка"), (4, "Четвёрка"), (5, "Ещё пятёрка")]:
        review(course, rating=rating, text=text)
    newest = section(client.get(course.url).content.decode())
    assert newest.index("Ещё пятёрка") < newest.index("Четвёрка")
    assert "Двойка" not in newest and 'rel="next"' in newest
    lowest = section(client.get(course.url, {"order": "lowest"}).content.decode())
    assert lowest.index("Двойка") < lowest.index("Четвёрка")
    assert "?order=lowest&amp;page=2#reviews" in lowest
    page_two = section(client.get(course.url, {"order": "lowest", "page": 2}).content.decode())
    assert "Пятёрка" in page_two and "Двойка" not in page_two
    fives = section(client.get(course.url, {"stars": 5}).content.decode())
    assert len(reviews_shown(fives)) == 2 and "Четвёрка" not in fives
    assert 'href="?stars=5#reviews" aria-current="true"' in fives
    # Nonsense in the query string shows the first page, newest first.
    odd = client.get(course.url, {"order": "x", "stars": "9", "page": "abc"})
    assert odd.status_code == 200 and len(reviews_shown(odd.content.decode())) == 2


def test_a_review_shows_on_every_translation_of_the_course(client, course):
    from wagtail.models import Locale

    review(course, text="Отзыв на русском")
    english = translate(course, Locale.objects.get(language_code="en"), title="Python from zero")
    html = client.get(english.url).content.decode()
    assert "Отзыв на русском" in html and 'lang="ru"' in html
    assert "1 review" in html


def test_the_tutor_page_shows_the_tutors_reviews(client, tutor_index, catalog):
    tutor = TutorPageFactory(parent=tutor_index, title="Ирина Соколова")
    review(tutor.user, rating=5, text="Лучший репетитор.")
    review(CoursePageFactory(parent=catalog, teacher=tutor.user), text="Отзыв о курсе")
    html = section(client.get(tutor.url).content.decode())
    assert "Лучший репетитор." in html and "Отзыв о курсе" not in html
    learner = StudentFactory()
    client.force_login(learner)
    html = section(client.get(tutor.url).content.decode())
    assert ru(permissions.eligibility(learner, tutor.user).reason) in html
    client.force_login(tutor.user)
    html = section(client.get(tutor.url).content.decode())
    assert 'data-testid="review-reply-link"' in html


def count(client, url) -> int:
    client.get(url)
    page_cache.purge()  # the reviews rendered, not a kept part
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["visitor", "learner", "teacher"])
def test_course_and_tutor_pages_cost_the_same_with_5_and_500_reviews(
    client, catalog, tutor_index, who
):
    tutor = TutorPageFactory(parent=tutor_index)
    course = CoursePageFactory(parent=catalog, teacher=tutor.user, owner=tutor.user)
    LessonPageFactory(parent=course)
    if who == "learner":
        learner = completed(course)
        review(course, author=learner, status="pending")
        client.force_login(learner)
    elif who == "teacher":
        client.force_login(tutor.user)
    urls = [course.url, tutor.url, course.url + "?order=lowest&stars=3&page=2"]
    many_reviews(course, 5)
    many_reviews(tutor.user, 5)
    few = {url: count(client, url) for url in urls}
    many_reviews(course, 495, start=5)
    many_reviews(tutor.user, 495, start=5)
    page_cache.purge()  # more than services.recount does after a review: every part
    many = {url: count(client, url) for url in urls}
    assert many == few
    html = client.get(course.url).content.decode()
    assert "500 отзывов" in html and len(reviews_shown(html)) == 10


def test_anonymous_views_of_the_list_are_cached_apart_and_refreshed_by_moderation(
    client, course, settings, django_capture_on_commit_callbacks
):
    from reviews import services

    settings.PAGE_CACHE_SECONDS = 300
    review(course, rating=5, text="Первый")
    pending = review(course, rating=2, text="Второй", status="pending")
    url = course.url
    assert client.get(url, {"order": "lowest"})["X-Page-Cache"] == "miss"
    assert client.get(url, {"order": "lowest"})["X-Page-Cache"] == "hit"
    assert client.get(url, {"stars": 5})["X-Page-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(moderator(), pending)
    fresh = client.get(url, {"order": "lowest"})
    assert fresh["X-Page-Cache"] == "miss" and "Второй" in fresh.content.decode()


def test_a_reply_published_refreshes_cached_pages(
    client, course, settings, django_capture_on_commit_callbacks
):
    from reviews import services

    settings.PAGE_CACHE_SECONDS = 300
    theirs = review(course)
    reply = ReviewReply.objects.create(review=theirs, author=course.teacher, text="Ответ учителя")
    client.get(course.url)
    assert client.get(course.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(moderator(), reply)
    assert "Ответ учителя" in client.get(course.url).content.decode()


def person(kind: str, course):
    """Each kind of visitor of the permission matrix, for this course (3 lessons)."""
    if kind == "anonymous":
        return None
    if kind == "non-enrolled":
        return StudentFactory()
    if kind in ("below the threshold", "a third done"):
        learner = StudentFactory()
        Enrollment.objects.create(user=learner, course=course, source="free")
        if kind == "a third done":
            LessonProgress.objects.create(
                user=learner, lesson=course.lessons().first(), status="completed", percent=100
            )
        return learner
    if kind == "completed":
        return completed(course)
    if kind == "the teacher":
        return course.teacher
    if kind == "another teacher":
        return TeacherFactory()
    if kind == "moderator":
        return moderator()
    raise ValueError(kind)


# (sees "Write a review", may write, sees "Reply", sees "Report")
MATRIX = {
    "anonymous": (False, False, False, False),
    "non-enrolled": (False, False, False, True),
    "below the threshold": (False, False, False, True),
    "a third done": (True, True, False, True),
    "completed": (True, True, False, True),
    "the teacher": (False, False, True, True),
    "another teacher": (False, False, False, True),
    "moderator": (False, False, False, True),
}


@pytest.mark.parametrize("kind", list(MATRIX))
def test_the_permission_matrix_on_the_course_page(client, course, kind):
    sees_write, may_write, sees_reply, sees_report = MATRIX[kind]
    review(course, text="Чужой отзыв")
    visitor = person(kind, course)
    if visitor is not None:
        client.force_login(visitor)
    html = section(client.get(course.url).content.decode())
    assert ('data-testid="review-write"' in html) is sees_write
    assert ('data-testid="review-reply-link"' in html) is sees_reply
    assert ('data-testid="review-report"' in html) is sees_report
    if visitor is not None and not sees_write and kind != "the teacher":
        assert 'data-testid="review-not-allowed"' in html  # and why
    response = client.post(f"/ru/reviews/write/{course.pk}/", {"rating": 5, "text": "Мой отзыв"})
    written = Review.objects.filter(text="Мой отзыв").exists()
    assert written is may_write
    if visitor is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif not may_write:
        assert response.status_code == 403
