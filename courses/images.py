from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from home.models import CustomImage


def prefetch_images(pages: QuerySet, field: str, specs: Iterable[str]) -> QuerySet:
    """Prefetch a listing's images with the renditions its template asks for.

    `specs` are the rendition specs of the card's `{% picture %}` (home.media): two queries for
    the whole list (images, renditions) instead of two per card.
    """
    return pages.prefetch_related(
        Prefetch(field, queryset=CustomImage.objects.prefetch_renditions(*specs))
    )
