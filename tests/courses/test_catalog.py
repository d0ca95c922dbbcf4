"""Catalog filters, counts, sorting and pagination on known data."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.catalog import Filters, facet_counts
from courses.models import CoursePage
from home import page_cache

from .factories import CategoryFactory, CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(catalog):
    """Six courses with known properties."""
    languages = CategoryFactory(name="Языки", slug="languages")
    english = CategoryFactory(name="Английский", slug="english", parent=languages)
    maths = CategoryFactory(name="Математика", slug="maths")
    rows = [
        # title, category, level, type, language, price, rating, reviews, students
        ("A", english, "beginner", "self_paced", "ru", 0, "4.8", 50, 300),
        ("B", english, "advanced", "live_group", "en", 2990, "4.1", 20, 40),
        ("C", languages, "beginner", "individual", "ru", 1500, "3.5", 10, 10),
        ("D", maths, "intermediate", "self_paced", "ru", 0, "4.9", 30, 120),
        ("E", maths, "advanced", "self_paced", "en", 4900, "0", 0, 0),
        ("F", None, "beginner", "live_group", "ru", 990, "2.0", 5, 5),
    ]
    for title, category, level, kind, language, price, rating, reviews, students in rows:
        course = CoursePageFactory(
            parent=catalog,
            title=title,
            category=category,
            level=level,
            course_type=kind,
            language=language,
            price=price,
        )
        type(course).objects.filter(pk=course.pk).update(
            average_rating=Decimal(rating), reviews_count=reviews, students_count=students
        )
    CoursePageFactory(parent=catalog, title="Archived", status="archived")
    CoursePageFactory(parent=catalog, title="Draft", live=False)
    return catalog


def titles(client, shelf, **params) -> list[str]:
    response = client.get(shelf.url, params)
    assert response.status_code == 200
    return [course.title for course in response.context["courses"]]


def test_everything_live_and_not_archived_newest_first(client, shelf):
    assert titles(client, shelf) == ["F", "E", "D", "C", "B", "A"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "english"}, {"A", "B"}),
        ({"category": "languages"}, {"A", "B", "C"}),  # sub-categories included
        ({"level": "beginner"}, {"A", "C", "F"}),
        ({"type": "self_paced"}, {"A", "D", "E"}),
        ({"language": "en"}, {"B", "E"}),
        ({"free": "true"}, {"A", "D"}),
        ({"free": "false"}, {"B", "C", "E", "F"}),
        ({"price_min": "1000", "price_max": "3000"}, {"B", "C"}),
        ({"rating_min": "4"}, {"A", "B", "D"}),
        ({"category": "languages", "level": "beginner", "free": "false"}, {"C"}),
    ],
)
def test_filters_and_combinations(client, shelf, params, expected):
    assert set(titles(client, shelf, **params)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("popular", ["A", "D", "B", "C", "F", "E"]),
        # The damped average (courses.ratings); E has no reviews: last.
        ("rating", ["D", "A", "B", "C", "F", "E"]),
        ("price", ["D", "A", "F", "C", "B", "E"]),
        ("-price", ["E", "B", "C", "F", "D", "A"]),
    ],
)
def test_sorting(client, shelf, ordering, expected):
    assert titles(client, shelf, ordering=ordering) == expected


def test_counts_show_what_each_choice_would_give(client, shelf):
    response = client.get(shelf.url, {"language": "ru"})
    facets = {str(legend): choices for legend, choices in response.context["facets"]}
    levels = {c.label: c.count for c in facets["Уровень"] if c.count is not None}
    assert levels == {"Начальный": 3, "Средний": 1, "Продвинутый": 0}
    categories = {c.label.strip("— ").strip(): c.count for c in facets["Категория"][1:]}
    assert categories == {"Языки": 2, "Английский": 1, "Математика": 1}
    # The active filter's own counts ignore it, so other languages stay reachable.
    languages = {c.label: c.count for c in facets["Язык"] if c.count is not None}
    assert languages == {"Русский": 4, "English": 2}


def test_filter_links_keep_the_others_and_drop_the_page(client, shelf):
    response = client.get(shelf.url, {"level": "beginner", "page": "2"})
    facets = {str(legend): choices for legend, choices in response.context["facets"]}
    link = next(c.url for c in facets["Язык"] if c.label == "English")
    assert "level=beginner" in link and "language=en" in link and "page=" not in link


def test_pagination_and_bad_page_numbers(client, catalog):
    for i in range(15):
        CoursePageFactory(parent=catalog, title=f"Курс {i:02}")
    assert len(titles(client, catalog)) == 12
    assert len(titles(client, catalog, page="2")) == 3
    assert len(titles(client, catalog, page="99")) == 3  # the last page
    assert len(titles(client, catalog, page="abc")) == 12


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "no-such"}, "category"),
        ({"level": "expert"}, "level"),
        ({"price_min": "-1"}, "price_min"),
        ({"price_min": "500", "price_max": "100"}, "price_max"),
        ({"rating_min": "7"}, "rating_min"),
        ({"ordering": "random"}, "ordering"),
    ],
)
def test_bad_filters_are_shown_not_a_crash(client, shelf, params, field):
    response = client.get(shelf.url, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_empty_states(client, catalog):
    assert "Здесь пока нет курсов" in client.get(catalog.url).content.decode()
    html = client.get(catalog.url, {"level": "advanced"}).content.decode()
    assert "Ни один курс не подходит" in html and "Сбросить все фильтры" in html


@pytest.fixture
def currencies(catalog):
    """Three paid courses in three currencies: by value $49 > 1 490 ₽ and €10 < 1 490 ₽."""
    for title, price, currency in (
        ("Roubles", 1490, "RUB"),
        ("Dollars", 49, "USD"),
        ("Euros", 10, "EUR"),
    ):
        CoursePageFactory(parent=catalog, title=title, price=price, currency=currency)
    CoursePageFactory(parent=catalog, title="Free", price=0)
    return catalog


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("price", ["Free", "Euros", "Roubles", "Dollars"]),
        ("-price", ["Dollars", "Roubles", "Euros", "Free"]),
    ],
)
def test_price_sorting_compares_values_across_currencies(
    client, api_client, currencies, ordering, expected
):
    # With the default rates ($1 = 90 ₽, €1 = 100 ₽), not the raw numbers (49 < 1490).
    assert titles(client, currencies, ordering=ordering) == expected
    response = api_client.get("/api/courses/", {"ordering": ordering})
    assert [course["title"] for course in response.json()["results"]] == expected


def test_the_exchange_rates_are_a_setting(client, currencies, settings):
    settings.CATALOG_EXCHANGE_RATES = {"RUB": "1", "USD": "20", "EUR": "200"}
    assert titles(client, currencies, ordering="price") == ["Free", "Dollars", "Roubles", "Euros"]


def test_a_rating_with_one_decimal_filters_and_the_input_allows_it(client, api_client, shelf):
    # A 4.8 and a 4.9; the 4.1 is below 4.7.
    assert set(titles(client, shelf, rating_min="4.7")) == {"A", "D"}
    response = api_client.get("/api/courses/", {"rating_min": "4.7"})
    assert response.status_code == 200
    assert {course["title"] for course in response.json()["results"]} == {"A", "D"}
    html = client.get(shelf.url).content.decode()
    assert 'name="rating_min" min="0" max="5" step="0.1"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # $49 is 4 410 ₽ and €10 is 1 000 ₽ (default rates), not 49 and 10.
        ({"price_min": "2000"}, {"Dollars"}),
        ({"price_max": "1000"}, {"Free", "Euros"}),
        ({"price_min": "1000", "price_max": "1500"}, {"Euros", "Roubles"}),
        ({"price_min": "40", "price_max": "50"}, set()),
    ],
)
def test_the_price_range_compares_values_in_roubles_across_currencies(
    client, api_client, currencies, params, expected
):
    assert set(titles(client, currencies, **params)) == expected
    response = api_client.get("/api/courses/", params)
    assert {course["title"] for course in response.json()["results"]} == expected


def test_the_price_range_follows_the_exchange_rates_setting(client, currencies, settings):
    settings.CATALOG_EXCHANGE_RATES = {"RUB": "1", "USD": "20", "EUR": "200"}
    assert set(titles(client, currencies, price_min="1500")) == {"Euros"}


def test_the_price_range_says_it_is_in_roubles(client, currencies):
    html = client.get(currencies.url).content.decode()
    assert "Цена от, ₽" in html and "Цена до, ₽" in html


FACET_FILTERS = [
    {},
    {"language": "ru"},
    {"category": "languages", "level": "beginner"},
    {"category": "english", "free": "false", "type": "live_group"},
    {"free": "true", "rating_min": "4"},
    {"price_min": "500", "price_max": "3000", "language": "en"},
]


@pytest.mark.parametrize("params", FACET_FILTERS)
def test_each_count_is_what_choosing_it_would_list(client, shelf, params):
    """The one grouped query gives, for every choice, the number of courses that choice would
    list with the other filters on (what the five queries it replaced gave)."""
    response = client.get(shelf.url, params)
    for legend, choices in response.context["facets"]:
        for choice in choices:
            if choice.count is None:
                continue
            page_cache.bump(page_cache.CONTENT_KEY)  # rendered afresh, not the kept part
            listed = client.get(shelf.url + choice.url).context["courses"].paginator.count
            assert choice.count == listed, (str(legend), choice.label)


def test_facets_are_one_query(shelf):
    courses = CoursePage.objects.live().exclude(status="archived")
    with CaptureQueriesContext(connection) as queries:
        counts = facet_counts(courses, Filters(level="beginner"))
    assert len(queries) == 1
    assert counts["level"] == {"beginner": 3, "advanced": 2, "intermediate": 1}
    assert counts["free"] == {True: 1, False: 2}  # among the beginners' courses


def test_facets_come_from_the_cache_until_content_changes(client, shelf, admin_user):

    def grouped(queries) -> int:  # the facet counts' one query (GROUP BY the dimensions)
        return sum("GROUP BY" in query["sql"] for query in queries)

    client.get(shelf.url)  # the site, the menu, the header: read once and cached
    page_cache.purge()  # content changed: the counts are stale
    with CaptureQueriesContext(connection) as counted:
        client.get(shelf.url)
    assert grouped(counted) == 1
    # Another page of the same filters is rendered (the catalog part is kept per address),
    # with the counts from the cache: the grouped query is gone.
    with CaptureQueriesContext(connection) as again:
        response = client.get(shelf.url, {"page": "1"})
    assert grouped(again) == 0 and "courses" in response.context
    levels = {c.label: c.count for c in dict(response.context["facets"])["Уровень"][1:]}
    assert levels == {"Начальный": 3, "Средний": 1, "Продвинутый": 2}
    # A publish bumps the content generation: the next render counts again.
    CoursePageFactory(parent=shelf, title="G", level="advanced", live=False).save_revision(
        user=admin_user
    ).publish()
    response = client.get(shelf.url)
    levels = {c.label: c.count for c in dict(response.context["facets"])["Уровень"][1:]}
    assert levels == {"Начальный": 3, "Средний": 1, "Продвинутый": 3}
