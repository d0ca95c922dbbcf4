"""One search page over courses, lessons, tutors, tutor videos, blog posts and members'
materials, grouped by kind."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from blog.models import BlogPostPage
from core.ranking import in_order, ranked_ids, search_within
from courses import services as course_services
from courses.catalog import CatalogForm, Filters, filter_courses
from courses.images import prefetch_images
from courses.models import Category, CoursePage, LessonPage, TutorPage, TutorVideoPage
from courses.models.tutors import PHOTO_RENDITION
from home.models import StandardPage
from materials.models import MaterialPage

PER_KIND = 5  # results per kind on the overview; "all" pages show RESULTS_PER_PAGE
RESULTS_PER_PAGE = 20
MAX_QUERY = 200


@dataclass
class Group:
    kind: str
    title: str
    ids: list[int]
    loader: QuerySet  # loads a page of results with what their cards need
    items: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ids)


def _lesson_ids(request: HttpRequest, locale: Locale, query: str) -> list[int]:
    """Lesson titles for everyone; lesson text only where the visitor may open the lesson."""
    lessons = LessonPage.objects.live().public().filter(locale=locale)
    ids = ranked_ids(lessons, query, fields=["title"])
    readable = course_services.readable_lessons(request.user, lessons)
    if readable is not None:
        extra = ranked_ids(readable, query)
        ids += [pk for pk in extra if pk not in set(ids)]
    return ids


def _blog_post_ids(locale: Locale, query: str) -> tuple[QuerySet, list[int]]:
    posts = BlogPostPage.objects.live().public().filter(locale=locale)
    return posts, ranked_ids(posts, query)


def _videos(locale: Locale, filters: Filters) -> QuerySet:
    """Live tutors' videos; the catalog's subject filter narrows them to tutors of it (a
    video's parent is its tutor's page: the path less one treebeard step)."""
    videos = TutorVideoPage.objects.live().public().filter(locale=locale)
    if filters.category is None:
        return videos
    key = filters.category.translation_key
    tutors = TutorPage.objects.filter(
        Q(subjects__translation_key=key) | Q(subjects__parent__translation_key=key)
    )
    return videos.annotate(
        tutor_path=Substr("path", 1, Length("path") - TutorVideoPage.steplen)
    ).filter(tutor_path__in=tutors.values("path"))


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    kind = request.GET.get("kind", "")
    locale = Locale.get_active()
    form = CatalogForm(request.GET, categories=Category.objects.filter(locale=locale))
    filters = Filters.from_form(form)
    groups: list[Group] = []
    if query:
        courses = filter_courses(CoursePage.objects.in_catalog(locale), filters)
        tutors = TutorPage.objects.live().public().filter(locale=locale)
        videos = _videos(locale, filters)
        posts, post_ids = _blog_post_ids(locale, query)
        # The catalog filters narrow the courses; the search backend ranks what is left.
        tutor_cards = TutorPage.objects.defer_streamfields().prefetch_related("subjects")
        candidates = [
            (
                "courses",
                _("Courses"),
                search_within(courses, query),
                CoursePage.objects.for_listing(),
            ),
            (
                "lessons",
                _("Lessons"),
                _lesson_ids(request, locale, query),
                LessonPage.objects.defer_streamfields(),
            ),
            (
                "tutors",
                _("Tutors"),
                ranked_ids(tutors, query),
                prefetch_images(tutor_cards, "photo", PHOTO_RENDITION),
            ),
            (
                "videos",
                _("Tutors' videos"),
                search_within(videos, query),
                TutorVideoPage.objects.defer_streamfields(),
            ),
        ]
        candidates.append(("posts", _("Blog posts"), post_ids, posts.defer_streamfields()))
        materials = MaterialPage.objects.live().public().filter(locale=locale)
        candidates.append(
            (
                "materials",
                _("Members' materials"),
                ranked_ids(materials, query),
                MaterialPage.objects.defer_streamfields(),
            )
        )
        pages = StandardPage.objects.live().public().filter(locale=locale)
        candidates.append(
            (
                "pages",
                _("Pages"),
                ranked_ids(pages, query),
                StandardPage.objects.defer_streamfields(),
            )
        )
        groups = [
            Group(name, str(title), ids, loader)
            for name, title, ids, loader in candidates
            if not kind or kind == name
        ]

    page_obj = None
    if kind and groups:
        group = groups[0]
        page_obj = Paginator(group.ids, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        group.items = in_order(group.loader, list(page_obj.object_list))
    else:
        for group in groups:
            group.items = in_order(group.loader, group.ids[:PER_KIND])

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
        },
    )
