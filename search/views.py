from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Locale, Page

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    """Site search over live, public pages in the visitor's language."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(query)
    # Paginator.get_page survives ?page=abc and out-of-range numbers.
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "page_obj": page_obj})
