"""One search page over courses, lessons, tutors, tutor videos, blog posts and members'
materials, grouped by kind."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page as ResultsPage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail.search.backends.base import EmptySearchResults

from blog.models import BlogPostPage
from core import sites
from core.ranking import Chain, Hits, counts_by_kind, within, without
from core.ranking import search as ranked
from courses import services as course_services
from courses.catalog import CatalogForm, Filters, filter_courses
from courses.images import prefetch_images
from courses.models import Category, CoursePage, LessonPage, TutorPage, TutorVideoPage
from courses.models.tutors import PHOTO_RENDITION
from home.models import StandardPage
from home.parts import Part, part_for
from materials.models import MaterialPage

PER_KIND = 5  # results per kind on the overview; "all" pages show RESULTS_PER_PAGE
RESULTS_PER_PAGE = 20
MAX_QUERY = 200


@dataclass
class Group:
    """One kind of result: the backend counts its hits, only the shown ones are loaded (with
    what their cards need: the searched querysets carry it)."""

    kind: str
    title: str
    hits: Hits
    items: list = field(default_factory=list)
    _count: int | None = None

    def show(self, count: int) -> None:
        self.items = list(self.hits[:count])
        if len(self.items) < count:
            self._count = len(self.items)  # all of them: no COUNT query needed

    def show_page(self, number: str | None) -> ResultsPage:
        page = Paginator(self.hits, RESULTS_PER_PAGE).get_page(number)
        self.items = list(page.object_list)
        self._count = page.paginator.count
        return page

    @property
    def count(self) -> int:
        if self._count is None:
            self._count = self.hits.count()
        return self._count


def _lessons(request: HttpRequest, lessons: QuerySet, query: str) -> Hits:
    """Lesson titles for everyone; lesson text only where the visitor may open the lesson
    (after the title hits, without repeating them)."""
    # Titles alone: on PostgreSQL the expression index courses.0006 answers this.
    titles = ranked(lessons, query, fields=["title"])
    readable = course_services.readable_lessons(request.user, lessons)
    if readable is None:
        return titles
    seen = ranked(readable, query, fields=["title"])
    return Chain(titles, ranked(without(readable, seen), query))


def _videos(videos: QuerySet, filters: Filters) -> QuerySet:
    """Live tutors' videos; the catalog's subject filter narrows them to tutors of it (a
    video's parent is its tutor's page: the path less one treebeard step)."""
    if filters.category is None:
        return videos
    key = filters.category.translation_key
    tutors = TutorPage.objects.filter(
        Q(subjects__translation_key=key) | Q(subjects__parent__translation_key=key)
    )
    of_tutors = TutorVideoPage.objects.annotate(
        tutor_path=Substr("path", 1, Length("path") - TutorVideoPage.steplen)
    ).filter(tutor_path__in=tutors.values("path"))
    return within(videos, of_tutors)


# Kinds whose pages need no filter beyond live, public and language: one facet query counts
# them all, and a kind without hits costs no query of its own.
FACETED = {
    "tutors": TutorPage,
    "videos": TutorVideoPage,
    "posts": BlogPostPage,
    "materials": MaterialPage,
    "pages": StandardPage,
}


def _rankings(
    request: HttpRequest, query: str, locale: Locale, filters: Filters, kind: str
) -> list[Group]:
    """The groups asked for, each with its lazy ranking (nothing runs until it is shown or
    counted) and, where the facet knows it, its count.

    The searched querysets carry what the cards need (no bodies, joins, prefetches), so the
    shown hits come back ready in one query per kind.
    """
    private = Page.objects.private_q()  # one read of the view restrictions for every kind

    def live(model: type[Page]) -> QuerySet:
        return model.objects.live().exclude(private).filter(locale=locale).defer_streamfields()

    def courses() -> Hits:
        # The catalog filters narrow the courses; the search backend ranks what is left.
        narrowed = filter_courses(CoursePage.objects.in_catalog(locale), filters)
        return ranked(within(CoursePage.objects.for_listing(), narrowed), query)

    def tutors() -> Hits:
        cards = live(TutorPage).prefetch_related("subjects")
        return ranked(prefetch_images(cards, "photo", PHOTO_RENDITION), query)

    rankings: dict[str, tuple[str, Callable[[], Hits]]] = {
        "courses": (_("Courses"), courses),
        "lessons": (_("Lessons"), lambda: _lessons(request, live(LessonPage), query)),
        "tutors": (_("Tutors"), tutors),
        "videos": (
            _("Tutors' videos"),
            lambda: ranked(_videos(live(TutorVideoPage), filters), query),
        ),
        "posts": (_("Blog posts"), lambda: ranked(live(BlogPostPage), query)),
        "materials": (_("Members' materials"), lambda: ranked(live(MaterialPage), query)),
        "pages": (_("Pages"), lambda: ranked(live(StandardPage), query)),
    }
    wanted = [name for name in rankings if not kind or kind == name]
    faceted = {
        name: FACETED[name]
        for name in wanted
        # The subject filter narrows the videos: they count themselves then.
        if name in FACETED and not (name == "videos" and filters.category)
    }
    counts = counts_by_kind(live(Page), query, faceted) if len(faceted) > 1 else None
    groups = []
    for name in wanted:
        title, hits = rankings[name]
        count = counts.get(name) if counts else None
        groups.append(
            Group(name, str(title), EmptySearchResults(), _count=0)
            if count == 0
            else Group(name, str(title), hits(), _count=count)
        )
    return groups


def _results_part(request: HttpRequest) -> Part | None:
    """The results as kept for everyone who sees the same ones (home.parts): visitors and
    learners, for whom lesson text is never searched (a teacher or staff member may read more
    lessons: their results are their own)."""
    if course_services.readable_lessons(request.user, LessonPage.objects.none()) is not None:
        return None
    return part_for(request, "search")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    kind = request.GET.get("kind", "")
    part = _results_part(request)
    if part is not None and part.found:
        return render(request, "search/search.html", {"query": query, "search_part": part})
    locale = sites.active_locale()
    form = CatalogForm(request.GET, categories=Category.objects.filter(locale=locale))
    filters = Filters.from_form(form)
    groups = _rankings(request, query, locale, filters, kind) if query else []

    page_obj = None
    if kind and groups:
        page_obj = groups[0].show_page(request.GET.get("page"))
    else:
        for group in groups:
            group.show(PER_KIND)

    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "kind": kind,
            "groups": groups,
            "total": sum(group.count for group in groups),
            "page_obj": page_obj,
            "query_string": query_string.urlencode(),
            "form": form,
            "filters": filters,
            # Nonsense is answered, but not kept.
            "search_part": None if form.errors else part,
        },
    )
