"""core.ranking: rankings counted and sliced by the backend, filters every backend applies."""

import json

import pytest
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchQueryCompiler
from modelsearch.query import PlainText

from core.ranking import Chain, clean_query, search, within, without
from courses.models import CoursePage

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory


class Ranking:
    """A ranking that records what it was asked for."""

    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.asked: list[object] = []

    def count(self) -> int:
        self.asked.append("count")
        return len(self.items)

    def __getitem__(self, key: slice) -> list[str]:
        self.asked.append((key.start, key.stop))
        return self.items[key]

    def __iter__(self):
        return iter(self.items)


def test_a_chain_pages_through_both_rankings_asking_each_only_for_its_part():
    first, second = Ranking(["a1", "a2", "a3"]), Ranking(["b1", "b2"])
    chain = Chain(first, second)
    assert chain[0:2] == ["a1", "a2"]
    assert second.asked == []  # the first filled the page: the second is not asked
    assert chain[2:4] == ["a3", "b1"]
    assert chain[4:6] == ["b2"]
    assert chain[6:8] == []
    assert chain[0:None] == ["a1", "a2", "a3", "b1", "b2"]
    assert chain.count() == 5
    assert (3, None) not in second.asked and (0, 1) in second.asked and (1, 3) in second.asked


def test_queries_lose_what_no_backend_takes():
    assert clean_query(' "гитара"\x00  с нуля ') == "гитара с нуля"
    assert list(search(CoursePage.objects.all(), '" \x00')) == []


@pytest.fixture
def courses(home_page):
    catalog = CourseIndexPageFactory(parent=home_page)
    return [
        CoursePageFactory(parent=catalog, title="Гитара с нуля", level="beginner"),
        CoursePageFactory(parent=catalog, title="Гитара для профи", level="advanced"),
    ]


def _elasticsearch_filters(pages) -> str:
    compiler = ElasticsearchBaseSearchQueryCompiler(pages, PlainText("гитара"))
    compiler.check()
    return json.dumps(compiler.get_query()["bool"]["filter"], ensure_ascii=False)


@pytest.mark.django_db
def test_within_narrows_on_every_backend(courses):
    beginner, advanced = courses
    narrowed = CoursePage.objects.filter(level="advanced").order_by("-price")
    pages = within(CoursePage.objects.for_listing(), narrowed)
    # The database backend (SQLite here, PostgreSQL in production): a subquery.
    assert [course.title for course in search(pages, "гитара")] == ["Гитара для профи"]
    # Elasticsearch/OpenSearch: the paths, as a terms filter...
    assert f'{{"terms": {{"path_filter": ["{advanced.path}"]}}}}' in _elasticsearch_filters(pages)
    # ...which a filter on id would not give (it becomes the page_ptr link the backends skip).
    by_id = CoursePage.objects.filter(id__in=narrowed.values("id"))
    assert "terms" not in _elasticsearch_filters(by_id)


@pytest.mark.django_db
def test_without_leaves_out_hits_in_a_subquery_on_the_database(courses, django_assert_num_queries):
    beginner, advanced = courses
    with django_assert_num_queries(0):
        pages = without(CoursePage.objects.all(), search(CoursePage.objects.all(), "профи"))
    assert [course.title for course in search(pages, "гитара")] == ["Гитара с нуля"]
    hits = Ranking([advanced])  # Elasticsearch/OpenSearch: the hits are read
    assert f'"path_filter": ["{advanced.path}"]' in _elasticsearch_filters(
        without(CoursePage.objects.all(), hits)
    )
