"""Site search: grouped by kind, catalog filters, lesson text only for those who may read it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.ranking import search as ranked
from courses.models import CoursePage, LessonPage
from home import page_cache
from tests.conftest import skip_or_fail

from ..courses.factories import (
    CategoryFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    TutorIndexPageFactory,
    TutorPageFactory,
    TutorVideoPageFactory,
)
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_content(home_page):
    catalog = CourseIndexPageFactory(parent=home_page)
    tutors = TutorIndexPageFactory(parent=home_page)
    tutor = TutorPageFactory(parent=tutors, title="Анна Гитаристка", headline="Гитара для всех")
    TutorVideoPageFactory(parent=tutor, title="Гитара: первый аккорд")
    guitar = CoursePageFactory(
        parent=catalog, title="Гитара с нуля", level="beginner", teacher=tutor.user
    )
    CoursePageFactory(parent=catalog, title="Гитара для профи", level="advanced", price=3000)
    LessonPageFactory(parent=guitar, title="Гитара: настройка")
    LessonPageFactory(
        parent=guitar,
        title="Первый урок",
        content=[{"type": "paragraph", "value": "<p>Секретный приём баррэ</p>"}],
    )
    return {"catalog": catalog, "tutor": tutor, "guitar": guitar}


def fresh(client, **params):
    """A search run again, not the results part kept by an earlier one (home.parts)."""
    page_cache.bump(page_cache.CONTENT_KEY)
    return client.get("/ru/search/", params)


def groups(response) -> dict[str, list[str]]:
    return {g.kind: [item.title for item in g.items] for g in response.context["groups"]}


def test_results_are_grouped_by_kind(client, site_content):
    response = client.get("/ru/search/", {"q": "гитара"})
    found = groups(response)
    assert set(found["courses"]) == {"Гитара с нуля", "Гитара для профи"}
    assert found["tutors"] == ["Анна Гитаристка"]
    assert found["videos"] == ["Гитара: первый аккорд"]
    assert found["lessons"] == ["Гитара: настройка"]
    html = response.content.decode()
    assert 'data-kind="courses"' in html and 'data-kind="tutors"' in html


def test_catalog_filters_narrow_the_courses(client, site_content):
    found = groups(client.get("/ru/search/", {"q": "гитара", "level": "advanced"}))
    assert found["courses"] == ["Гитара для профи"]
    found = groups(client.get("/ru/search/", {"q": "гитара", "free": "true"}))
    assert found["courses"] == ["Гитара с нуля"]


def test_lesson_text_is_searched_only_for_people_who_may_read_it(client, site_content):
    assert groups(fresh(client, q="баррэ"))["lessons"] == []
    client.force_login(StudentFactory())
    assert groups(fresh(client, q="баррэ"))["lessons"] == []
    client.force_login(site_content["guitar"].teacher)
    assert groups(fresh(client, q="баррэ"))["lessons"] == ["Первый урок"]


def test_one_kind_with_pagination(client, site_content):
    for i in range(25):
        CoursePageFactory(parent=site_content["catalog"], title=f"Гитара, часть {i}")
    response = client.get("/ru/search/", {"q": "гитара", "kind": "courses", "page": "2"})
    assert [g.kind for g in response.context["groups"]] == ["courses"]
    assert response.context["page_obj"].number == 2
    assert len(response.context["groups"][0].items) == 27 - 20
    assert (
        client.get("/ru/search/", {"q": "гитара", "kind": "courses", "page": "x"}).status_code
        == 200
    )


def test_empty_and_missing_queries(client, site_content):
    response = client.get("/ru/search/", {"q": "квазар"})
    assert response.context["total"] == 0
    assert "ничего не найдено" in response.content.decode()
    assert client.get("/ru/search/").context["groups"] == []


def test_a_bad_filter_is_reported_not_a_crash(client, site_content):
    response = client.get("/ru/search/", {"q": "гитара", "price_min": "-5"})
    assert response.status_code == 200
    assert response.context["form"].errors["price_min"]


def test_videos_are_found_by_their_tutor_and_narrowed_by_subject(client, site_content):
    # The tutor's name is in none of the video's own fields.
    found = groups(client.get("/ru/search/", {"q": "Гитаристка"}))
    assert found["videos"] == ["Гитара: первый аккорд"]

    music = CategoryFactory(name="Музыка", slug="music")
    maths = CategoryFactory(name="Математика", slug="maths")
    site_content["tutor"].subjects.add(music)
    site_content["tutor"].save_revision().publish()
    other = TutorPageFactory(parent=site_content["tutor"].get_parent(), title="Борис Алгебраист")
    other.subjects.add(maths)
    other.save_revision().publish()
    TutorVideoPageFactory(parent=other, title="Гитара и дроби")

    assert set(groups(client.get("/ru/search/", {"q": "гитара"}))["videos"]) == {
        "Гитара: первый аккорд",
        "Гитара и дроби",
    }
    found = groups(client.get("/ru/search/", {"q": "гитара", "category": "music"}))
    assert found["videos"] == ["Гитара: первый аккорд"]
    found = groups(client.get("/ru/search/", {"q": "гитара", "category": "maths"}))
    assert found["videos"] == ["Гитара и дроби"]


def _queries(client, **params) -> int:
    """The queries of a search rendered afresh (not the results part kept by an earlier one)."""
    page_cache.bump(page_cache.CONTENT_KEY)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ru/search/", params).status_code == 200
    return len(queries)


def _more(site_content, courses: int, lessons: int) -> None:
    for _ in range(courses):
        CoursePageFactory(parent=site_content["catalog"], title="Гитара, ещё курс")
    for _ in range(lessons):
        LessonPageFactory(parent=site_content["guitar"], title="Гитара, ещё урок")


def test_search_takes_a_fixed_number_of_queries(client, site_content):
    """A kind with fewer hits than it shows needs no COUNT; past that, more hits cost nothing."""
    client.get("/ru/search/", {"q": "гитара"})
    few = _queries(client, q="гитара")  # 2 courses, 1 lesson
    _more(site_content, courses=4, lessons=5)
    full = _queries(client, q="гитара")  # 6 of each: the overview shows 5
    _more(site_content, courses=30, lessons=30)
    assert _queries(client, q="гитара") == full
    assert few <= full <= few + 2  # the two COUNTs


def test_a_page_of_one_kind_takes_a_fixed_number_of_queries(client, site_content):
    _more(site_content, courses=25, lessons=25)
    client.force_login(site_content["guitar"].teacher)  # lesson text too: two rankings
    pages = [{"kind": kind, "page": "2"} for kind in ("courses", "lessons")]
    client.get("/ru/search/", {"q": "гитара"})  # the session and caches warm
    before = [_queries(client, q="гитара", **page) for page in pages]
    _more(site_content, courses=25, lessons=25)
    assert [_queries(client, q="гитара", **page) for page in pages] == before


def test_kinds_without_hits_cost_no_search_of_their_own(client, site_content):
    """One facet query counts tutors, videos, posts, materials and pages together."""
    client.get("/ru/search/", {"q": "гитара"})
    page_cache.bump(page_cache.CONTENT_KEY)  # rendered afresh, not the kept results part
    with CaptureQueriesContext(connection) as queries:
        client.get("/ru/search/", {"q": "гитара"})
    sql = "\n".join(query["sql"] for query in queries)
    assert "blog_blogpostpage" not in sql and "materials_materialpage" not in sql
    assert "courses_tutorpage" in sql  # it has a hit


def test_backends_without_facets_give_the_same_results(client, site_content, monkeypatch):
    with_facets = groups(client.get("/ru/search/", {"q": "гитара"}))
    monkeypatch.setattr("search.views.counts_by_kind", lambda *args: None)
    assert groups(fresh(client, q="гитара")) == with_facets


def test_only_the_shown_hits_are_loaded(client, site_content):
    from django.db.models.signals import post_init

    _more(site_content, courses=30, lessons=30)
    loaded: list[str] = []

    def count(sender, **kwargs) -> None:
        loaded.append(sender.__name__)

    for model in (CoursePage, LessonPage):
        post_init.connect(count, sender=model, weak=False)
    try:
        response = client.get("/ru/search/", {"q": "гитара"})
        assert (loaded.count("CoursePage"), loaded.count("LessonPage")) == (5, 5)
        assert [g.count for g in response.context["groups"]][:2] == [32, 31]
        loaded.clear()
        response = client.get("/ru/search/", {"q": "гитара", "kind": "lessons", "page": "2"})
        assert loaded == ["LessonPage"] * 11
        assert response.context["page_obj"].paginator.count == 31
    finally:
        for model in (CoursePage, LessonPage):
            post_init.disconnect(count, sender=model)


def test_a_teachers_lesson_text_hits_follow_the_title_hits_across_pages(client, site_content):
    guitar = site_content["guitar"]
    for i in range(20):
        LessonPageFactory(parent=guitar, title=f"Гитара, урок {i}")
    for i in range(3):
        LessonPageFactory(
            parent=guitar,
            title=f"Упражнение {i}",
            content=[{"type": "paragraph", "value": "<p>Гитара в руках</p>"}],
        )
    titles = {f"Гитара, урок {i}" for i in range(20)} | {"Гитара: настройка"}
    texts = {f"Упражнение {i}" for i in range(3)}

    def page(number: str) -> tuple[int, list[str]]:
        response = client.get("/ru/search/", {"q": "гитара", "kind": "lessons", "page": number})
        return response.context["page_obj"].paginator.count, groups(response)["lessons"]

    (count, first), (_, second) = page("1"), page("2")  # a visitor: titles only
    assert count == 21 and len(second) == 1 and set(first + second) == titles
    client.force_login(guitar.teacher)
    (count, first), (_, second) = page("1"), page("2")
    assert count == 24 and len(first) == 20 and len(second) == 4
    assert set(first) | set(second[:1]) == titles  # the title hits first, once each
    assert set(second[1:]) == texts


@pytest.mark.postgres
def test_postgres_full_text_stems_russian_and_english(client, site_content):
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL full-text search (set DATABASE_URL)")
    CoursePageFactory(
        parent=site_content["catalog"], title="Programming basics", summary="Learn to program"
    )
    # "гитарой" and "programmed" are other forms of the words in the titles.
    assert "Гитара с нуля" in groups(client.get("/ru/search/", {"q": "гитарой"}))["courses"]
    assert "Programming basics" in groups(client.get("/ru/search/", {"q": "programmed"}))["courses"]


@pytest.mark.postgres
def test_postgres_finds_lessons_by_title_through_an_index(site_content):
    """The title-only lesson search matches the expression index of courses.0006 (without it,
    PostgreSQL computes the vector of every page). Sequential scans are priced out because a
    test database is too small for the planner to prefer any index."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL full-text search (set DATABASE_URL)")
    results = ranked(LessonPage.objects.live(), "гитара", fields=["title"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "courses_page_title_search" in results.get_queryset().explain()
    assert [lesson.title for lesson in results] == ["Гитара: настройка"]
