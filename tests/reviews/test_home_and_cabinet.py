"""'What learners say' on the home page and 'My reviews' in the cabinet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from reviews.models import Review

from ..courses.factories import CoursePageFactory, TutorPageFactory
from ..factories import StudentFactory
from .helpers import review

pytestmark = pytest.mark.django_db


def home_section(html: str) -> str:
    start = html.index('data-testid="home-reviews"')
    return html[start : html.index("</section>", start)]


def test_home_page_shows_pinned_then_best_published_reviews(
    client, home_page, catalog, tutor_index
):
    course = CoursePageFactory(parent=catalog, title="Английский для путешествий")
    tutor = TutorPageFactory(parent=tutor_index, title="Ирина Соколова")
    review(
        course,
        rating=5,
        text="Лучший курс на свете",
        author=StudentFactory(first_name="Мария", last_name="Иванова"),
    )
    review(tutor.user, rating=4, text="Объясняет понятно")
    review(course, rating=2, text="Пинованный, хоть и строгий", pinned=True)
    review(course, rating=5, text="Не опубликован", status="pending")
    review(course, rating=3, text="Тройка без закрепления")
    html = home_section(client.get(home_page.url).content.decode())
    assert html.index("Пинованный, хоть и строгий") < html.index("Лучший курс на свете")
    assert "Объясняет понятно" in html
    assert "Не опубликован" not in html and "Тройка без закрепления" not in html
    assert "Мария И." in html
    assert f'href="{course.url}#reviews"' in html and f'href="{tutor.url}#reviews"' in html
    assert "Оценка 5 из 5" in html


def test_without_reviews_the_home_section_hides(client, home_page):
    assert 'data-testid="home-reviews"' not in client.get(home_page.url).content.decode()


def test_home_page_queries_do_not_grow_with_featured_reviews(
    client, home_page, catalog, tutor_index
):
    def queries() -> int:
        client.get(home_page.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(home_page.url)
        return len(captured)

    course = CoursePageFactory(parent=catalog)
    tutor = TutorPageFactory(parent=tutor_index)
    review(course)
    review(tutor.user)
    few = queries()
    for _ in range(5):
        review(CoursePageFactory(parent=catalog))
        review(TutorPageFactory(parent=tutor_index).user)
    assert queries() == few


def test_my_reviews_lists_every_state_with_the_reason(client, catalog, tutor_index):
    learner = StudentFactory()
    course = CoursePageFactory(parent=catalog, title="Химия для ЕГЭ")
    tutor = TutorPageFactory(parent=tutor_index, title="Павел Орлов")
    review(course, author=learner, text="Опубликованный")
    review(
        tutor.user, author=learner, status="rejected", rejection_reason="Личные данные в тексте."
    )
    review(CoursePageFactory(parent=catalog), author=learner, status="pending", text="Ждёт")
    review(course, text="Чужой отзыв")
    client.force_login(learner)
    response = client.get("/ru/cabinet/reviews/")
    html = response.content.decode()
    assert html.count('data-testid="my-review"') == 3
    assert "Чужой отзыв" not in html
    assert "Химия для ЕГЭ" in html and "Павел Орлов" in html
    assert "Личные данные в тексте." in html
    with translation.override("ru"):
        for status in Review.Status:
            assert escape(str(status.label)) in html
    assert 'href="/ru/cabinet/reviews/" aria-current="page"' in html
    assert "/ru/reviews/" in html and "/edit/" in html and "/delete/" in html


def test_my_reviews_empty_state_and_sign_in(client):
    assert client.get("/ru/cabinet/reviews/").status_code == 302
    client.force_login(StudentFactory())
    html = client.get("/ru/cabinet/reviews/").content.decode()
    assert 'data-testid="my-reviews-empty"' in html


def test_my_reviews_take_a_fixed_number_of_queries(client, catalog, tutor_index):
    learner = StudentFactory()
    client.force_login(learner)

    def add(count):
        for _ in range(count):
            review(CoursePageFactory(parent=catalog), author=learner)
            review(TutorPageFactory(parent=tutor_index).user, author=learner, status="rejected")

    def queries() -> int:
        client.get("/ru/cabinet/reviews/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ru/cabinet/reviews/").status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(15)
    assert queries() == few
