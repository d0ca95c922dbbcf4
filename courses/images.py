from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from home.models import CustomImage, CustomRendition


def prefetch_images(pages: QuerySet, field: str, specs: Iterable[str]) -> QuerySet:
    """Prefetch a listing's images with the renditions its template asks for.

    `specs` are the rendition specs of the card's `{% picture %}` (home.media): two queries for
    the whole list (images, renditions) instead of two per card.
    """
    return pages.prefetch_related(
        Prefetch(field, queryset=CustomImage.objects.prefetch_renditions(*specs))
    )


def prefetch_renditions(images: Iterable[CustomImage | None], specs: Iterable[str]) -> None:
    """``prefetch_renditions`` for images already loaded (e.g. joined): one query for all."""
    images = [image for image in images if image is not None]
    renditions = CustomRendition.objects.filter(filter_spec__in=list(specs))
    prefetch_related_objects(
        images, Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def renditions_ready(images: Iterable[CustomImage | None], specs: Iterable[str]) -> bool:
    """Whether every image came with every rendition of ``specs`` prefetched: a list kept
    with its images (core.personal) before the page made their renditions would ask for
    them one image at a time on every later visit."""
    wanted = len(set(specs))
    return all(
        len(getattr(image, "prefetched_renditions", ())) >= wanted
        for image in images
        if image is not None
    )
