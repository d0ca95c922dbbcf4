"""Pages routed in two queries (core.routing) and the site directory (core.sites): the same
pages, 404s and sub-routes as Wagtail's own walk, and changes seen at once."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from core import routing, sites
from tests.blog.factories import BlogIndexPageFactory
from tests.courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page, en):
    catalog = CourseIndexPageFactory(parent=home_page, slug="courses")
    course = CoursePageFactory(parent=catalog, slug="algebra")
    draft = CoursePageFactory(parent=catalog, slug="draft-course", live=False)
    return {
        "catalog": catalog,
        "course": course,
        "lesson": LessonPageFactory(parent=course, slug="first"),
        # A lesson with the course's slug, elsewhere: the walk must follow the tree.
        "twin": LessonPageFactory(parent=course, slug="courses"),
        "draft": draft,
        "under draft": LessonPageFactory(parent=draft, slug="still-live"),
        "blog": BlogIndexPageFactory(parent=home_page, slug="blog"),
        "about": StandardPageFactory(parent=home_page, slug="about"),
    }


def request_for(path: str, host: str = "localhost"):
    request = RequestFactory().get(path, HTTP_HOST=host)
    sites.SiteDirectoryMiddleware(lambda r: None)(request)  # what every request gets first
    return request


def wagtail_route(path: str, host: str = "localhost"):
    request = RequestFactory().get(path, HTTP_HOST=host)
    return Page.route_for_request(request, path)


def same(found, expected) -> bool:
    if expected is None:
        return found is None

    def plain(result):
        page, args, kwargs = result
        # A routable page's view is a method bound to its own instance of the page.
        args = tuple(getattr(arg, "__func__", arg) for arg in args)
        return type(page), page.pk, args, kwargs

    return found is not None and plain(found) == plain(expected)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/courses/",
        "/courses/algebra/",
        "/courses/algebra/first/",
        "/courses/algebra/courses/",
        "/courses/algebra/missing/",
        "/courses/first/",
        "/courses/draft-course/",
        "/courses/draft-course/still-live/",
        "/blog/",
        "/blog/feed/rss/",
        "/blog/feed/nowhere/",
        "/about/extra/",
        "/nothing/",
    ],
)
def test_it_finds_what_wagtail_finds(tree, path):
    assert same(routing.route(request_for(path), path), wagtail_route(path)), path


def test_a_page_is_routed_in_two_queries_whatever_its_depth(tree):
    sites.refresh()  # built once per process after a change
    for path in ("/courses/", "/courses/algebra/first/"):
        request = request_for(path)
        with CaptureQueriesContext(connection) as queries:
            page, _args, _kwargs = routing.route(request, path)
        assert page.pk in (tree["catalog"].pk, tree["lesson"].pk)
        assert len(queries) == 2, [q["sql"] for q in queries]  # the chain, then the page


def test_a_slug_every_course_uses_brings_only_the_one_lesson_asked_for(tree):
    """Every course has its "first" lesson: routing one must not load them all."""
    for n in range(5):
        other = CoursePageFactory(parent=tree["catalog"], slug=f"course-{n}")
        LessonPageFactory(parent=other, slug="first")
    sites.refresh()
    directory = sites.current()
    site = Site.objects.get(is_default_site=True)
    home = directory.home(site, directory.locale())
    rows = routing._rows(home, ["courses", "course-3", "first"])
    loaded = {row[3] for row in rows}  # slugs
    assert len(rows) == 4 and loaded == {home_slug(home), "courses", "course-3", "first"}
    path = "/courses/course-3/first/"
    assert same(routing.route(request_for(path), path), wagtail_route(path))


def home_slug(home) -> str:
    return Page.objects.get(pk=home.page_id).slug


def test_the_english_home_routes_its_own_tree(tree, client):
    english_home = tree["catalog"].get_parent().get_translation(sites.active_locale("en"))
    with_language = client.get("/en/")
    assert with_language.status_code == 200
    assert with_language.context["page"].pk == english_home.pk
    assert client.get("/ru/courses/algebra/first/").context["page"].pk == tree["lesson"].pk


def test_a_served_page_asks_nothing_of_sites_locales_or_restrictions(tree, client):
    client.get("/ru/courses/algebra/first/")  # the directory, sessions and furniture warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ru/courses/algebra/first/").status_code == 200
    sql = " ".join(q["sql"] for q in queries)
    for table in ("wagtailcore_site", "wagtailcore_locale", "wagtailcore_pageviewrestriction"):
        assert f'FROM "{table}"' not in sql, table


def test_a_restriction_is_seen_at_once_and_so_is_its_removal(tree, client):
    path = tree["lesson"].url
    assert client.get(path).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=tree["course"], restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(path)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get(path).status_code == 200
    groups = PageViewRestriction.objects.create(
        page=tree["catalog"], restriction_type=PageViewRestriction.GROUPS
    )
    groups.groups.add(Group.objects.create(name="Только свои"))
    assert client.get(path).status_code == 302


def test_a_site_change_reaches_every_process_through_the_shared_counter(tree):
    before = sites.refresh()
    assert sites.refresh() is before  # one cache read, no rebuild
    other = Site.objects.create(hostname="school.example", port=80, root_page=tree["catalog"])
    after = sites.refresh()
    assert after is not before
    assert after.site_for("school.example", 80).pk == other.pk
    # Another process's change: only the shared counter moved.
    sites.generations.bump(sites.GENERATION_KEY)
    assert sites.refresh() is not after


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("localhost", 80),
        ("localhost", 8000),
        ("school.example", 80),
        ("school.example", 8080),
        ("twin.example", 80),
        ("twin.example", 81),
        ("twin.example", 82),
        ("unknown.example", 80),
    ],
)
def test_sites_are_chosen_as_wagtail_chooses_them(tree, host, port):
    root = tree["catalog"]
    Site.objects.create(hostname="school.example", port=80, root_page=root)
    Site.objects.create(hostname="twin.example", port=80, root_page=root)
    Site.objects.create(hostname="twin.example", port=81, root_page=tree["about"])
    try:
        expected = get_site_for_hostname(host, port).pk
    except Site.DoesNotExist:
        expected = None
    found = sites.refresh().site_for(host, port)
    assert (found.pk if found else None) == expected


def test_unknown_hosts_leave_no_trace_in_the_directory(tree):
    directory = sites.refresh()
    for number in range(50):
        directory.site_for(f"attacker-{number}.example", 80)
    assert all(host == "localhost" for host, _port in directory._by_host)


def test_public_listings_ask_no_query_of_restrictions_and_follow_them(tree):
    from courses.models import CoursePage

    sites.refresh()
    with CaptureQueriesContext(connection) as queries:
        listed = list(CoursePage.objects.live().public().values_list("pk", flat=True))
    assert len(queries) == 1 and tree["course"].pk in listed
    PageViewRestriction.objects.create(
        page=tree["catalog"], restriction_type=PageViewRestriction.LOGIN
    )
    sites.refresh()
    assert not CoursePage.objects.live().public().exists()
    assert CoursePage.objects.live().not_public().filter(pk=tree["course"].pk).exists()


def test_the_page_loaded_is_the_one_the_orm_loads_for_every_page_model(tree):
    """core.routing's prepared load (SQL, columns and converters worked out once per model)
    makes the same page as the ORM's ``.specific``, field by field, for every page model."""
    from django.apps import apps

    from .. import courses  # noqa: F401  (the factories' models are loaded)

    models = [m for m in apps.get_models() if issubclass(m, Page) and m._meta.concrete_fields]
    checked = 0
    for model in models:
        for page in model.objects.all()[:2]:
            node = routing._Node(page.pk, page.path, page.depth, page.slug, page.live, model)
            loaded, expected = routing._load(node), model._default_manager.get(pk=page.pk)
            assert type(loaded) is type(expected)
            for field in model._meta.concrete_fields:
                ours, theirs = getattr(loaded, field.attname), getattr(expected, field.attname)
                if hasattr(theirs, "raw_data"):  # stream fields: their blocks' data
                    ours, theirs = list(ours.raw_data), list(theirs.raw_data)
                assert ours == theirs, (model.__name__, field.attname)
            assert loaded._state.adding is False and loaded._state.db == expected._state.db
            checked += 1
    assert checked >= 6  # home, catalog, courses, lessons, blog, a standard page
    with pytest.raises(tree["course"].DoesNotExist):
        routing._load(routing._Node(10**9, "", 0, "", True, type(tree["course"])))
