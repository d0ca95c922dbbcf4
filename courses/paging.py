"""Pagination of page listings (catalog, tutor list): one page size, tolerant of ?page=abc."""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 12


def paginate(items: QuerySet, request: HttpRequest, per_page: int = PAGE_SIZE) -> PaginatorPage:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
