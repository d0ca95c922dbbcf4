"""The tutor list's filters and sorting, on the page and in /api/tutors/ (one definition)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import TeacherProfile
from courses.models import TutorLanguage
from learning.schedule import services as schedule

from ..factories import TeacherFactory
from .factories import CategoryFactory, TutorPageFactory


def make_tutor(parent, title, *, price=1500, subjects=(), languages=("ru",), rating=None, hours=()):
    user = TeacherFactory(verified=True)
    page = TutorPageFactory(parent=parent, title=title, user=user, owner=user, hourly_price=price)
    for subject in subjects:
        page.subjects.add(subject)
    for code in languages:
        TutorLanguage.objects.create(page=page, language=code)
    page.save_revision().publish()
    if rating is not None:
        average, count = rating
        TeacherProfile.objects.update_or_create(
            user=user, defaults={"rating": Decimal(average), "reviews_count": count}
        )
    if hours:
        schedule.set_availability(
            user,
            timezone="Europe/Berlin",
            ranges=[schedule.Hours(dt.time(a), dt.time(b), weekday=d) for d, a, b in hours],
        )
    return page


@pytest.fixture
def subjects(db):
    languages = CategoryFactory(slug="languages", name="Языки")
    return {
        "languages": languages,
        "english": CategoryFactory(slug="english", name="Английский", parent=languages),
        "maths": CategoryFactory(slug="maths", name="Математика"),
    }


@pytest.fixture
def tutors(tutor_index, subjects):
    make_tutor(
        tutor_index,
        "Anna",
        price=800,
        subjects=[subjects["english"]],
        languages=("ru", "en"),
        rating=("5.00", 1),
        hours=[(1, 18, 21)],  # Tuesday evenings
    )
    make_tutor(
        tutor_index,
        "Boris",
        price=2500,
        subjects=[subjects["maths"]],
        rating=("4.80", 200),
        hours=[(1, 9, 11)],  # Tuesday mornings
    )
    make_tutor(
        tutor_index,
        "Vera",
        price=1500,
        subjects=[subjects["languages"]],
        languages=("en",),
        rating=("3.00", 4),
        hours=[(3, 18, 20)],  # Thursday evenings
    )
    make_tutor(tutor_index, "Gleb", price=3000, subjects=[subjects["maths"]])
    return tutor_index


def page_titles(client, index, **params):
    response = client.get(index.url, params)
    assert response.status_code == 200
    return [t.title for t in response.context["tutors"]]


def api_titles(api_client, **params):
    response = api_client.get("/api/tutors/", params)
    assert response.status_code == 200, response.content
    return [t["title"] for t in response.json()["results"]]


CASES = [
    ({}, ["Anna", "Boris", "Vera", "Gleb"]),
    ({"subject": "languages"}, ["Anna", "Vera"]),  # the sub-category's tutors too
    ({"subject": "english"}, ["Anna"]),
    ({"subject": "no-such-subject"}, []),
    ({"language": "en"}, ["Anna", "Vera"]),
    ({"price_min": "1000", "price_max": "2500"}, ["Boris", "Vera"]),
    ({"rating_min": "4.5"}, ["Anna", "Boris"]),
    ({"weekday": ["1"]}, ["Anna", "Boris"]),
    ({"time_of_day": ["evening"]}, ["Anna", "Vera"]),
    ({"weekday": ["1"], "time_of_day": ["evening"]}, ["Anna"]),
    ({"weekday": ["1", "3"], "time_of_day": ["evening"]}, ["Anna", "Vera"]),
    ({"ordering": "price"}, ["Anna", "Vera", "Boris", "Gleb"]),
    ({"ordering": "-price"}, ["Gleb", "Boris", "Vera", "Anna"]),
    # Damped: two hundred 4.8s before one 5; no reviews last.
    ({"ordering": "rating"}, ["Boris", "Anna", "Vera", "Gleb"]),
    ({"subject": "languages", "ordering": "-price"}, ["Vera", "Anna"]),
]


@pytest.mark.parametrize(("params", "expected"), CASES)
def test_the_page_filters_and_sorts(client, tutors, params, expected):
    assert page_titles(client, tutors, **params) == expected


def test_the_api_lists_each_tutors_languages(api_client, tutors):
    results = api_client.get("/api/tutors/", {"language": "en"}).json()["results"]
    assert {t["title"]: t["languages"] for t in results} == {"Anna": ["ru", "en"], "Vera": ["en"]}


@pytest.mark.parametrize(("params", "expected"), CASES)
def test_the_api_filters_and_sorts_alike(api_client, tutors, params, expected):
    assert api_titles(api_client, **params) == expected


def test_facets_count_tutors_per_subject_and_language(client, tutors, subjects):
    response = client.get(tutors.url, {"language": "en"})
    facets = {str(legend): choices for legend, choices in response.context["facets"]}
    by_subject = {c.label.strip("— "): c.count for c in facets["Предмет"][1:]}
    assert by_subject == {"Языки": 2, "Английский": 1, "Математика": 0}
    by_language = {c.label: c.count for c in facets["Язык занятий"][1:]}
    assert by_language == {"Русский": 3, "English": 2}


def test_the_page_shows_the_filters_and_the_free_on_form(client, tutors):
    html = client.get(tutors.url).content.decode()
    assert 'class="filters-toggle"' in html
    assert 'name="weekday" value="1"' in html and 'name="time_of_day" value="evening"' in html
    assert 'name="price_min"' in html


@pytest.mark.parametrize(
    "params", [{"price_min": "-1"}, {"price_min": "500", "price_max": "100"}, {"weekday": "9"}]
)
def test_bad_values_are_errors(client, api_client, tutors, params):
    response = client.get(tutors.url, params)
    assert response.context["form"].errors
    assert api_client.get("/api/tutors/", params).status_code == 400


@pytest.mark.parametrize(
    "params", [{}, {"subject": "languages", "weekday": "1", "ordering": "rating"}]
)
def test_queries_do_not_grow_with_the_number_of_tutors(client, tutor_index, subjects, params):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(tutor_index.url, params)
        assert response.status_code == 200
        return len(queries)

    for n in range(3):
        make_tutor(tutor_index, f"T{n}", subjects=[subjects["english"]], hours=[(1, 9, 12)])
    client.get(tutor_index.url, params)  # warm caches (the site's mean rating, the site)
    few = count()
    for n in range(3, 30):
        make_tutor(tutor_index, f"T{n}", subjects=[subjects["english"]], hours=[(1, 9, 12)])
    client.get(tutor_index.url, params)
    assert count() == few


def test_api_queries_do_not_grow_with_the_number_of_tutors(api_client, tutor_index, subjects):
    params = {"subject": "languages", "weekday": "1", "ordering": "rating", "language": "ru"}

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get("/api/tutors/", params)
        assert response.status_code == 200
        return len(queries)

    for n in range(3):
        make_tutor(tutor_index, f"T{n}", subjects=[subjects["english"]], hours=[(1, 9, 12)])
    api_client.get("/api/tutors/", params)
    few = count()
    for n in range(3, 30):
        make_tutor(tutor_index, f"T{n}", subjects=[subjects["english"]], hours=[(1, 9, 12)])
    api_client.get("/api/tutors/", params)
    assert count() == few


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/courses/", "/api/tutors/"])
def test_an_upper_price_below_the_lower_one_is_a_field_error(api_client, url):
    response = api_client.get(url, {"price_min": 5, "price_max": 1})
    assert response.status_code == 400
    assert list(response.json()) == ["price_max"]
    assert api_client.get(url, {"price_min": 1, "price_max": 5}).status_code == 200
