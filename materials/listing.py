"""The materials list: filtered by kind, newest first, one page of 12, in a fixed number of
queries (the authors and their profiles come with the pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from courses.paging import paginate

from .app_settings import app_settings


def listing_context(request: HttpRequest, materials: QuerySet, *, kinds) -> dict[str, Any]:
    kind = request.GET.get("kind", "")
    if kind not in kinds.values:
        kind = ""
    if kind:
        materials = materials.filter(kind=kind)
    materials = (
        materials.defer_streamfields()
        .select_related("owner", "locale")
        .order_by("-first_published_at", "-pk")
    )
    page = paginate(materials, request, app_settings.MATERIALS_PAGE_SIZE)
    return {
        "materials": page,
        "kind": kind,
        "kinds": kinds.choices,
    }
