"""Course cards rendered once and kept in the shared cache, keyed by what they show.

A card (``courses/includes/course_card.html``) costs about 1.5 ms to render, most of it the
cover's ``{% picture %}`` tag; the catalog shows 12, search and the home page more. A card is a
pure function of the course's fields it reads, the language, the site's URLs and the card's
templates, so its key is a digest of exactly those (``FIELDS``, ``fingerprint``): an edit, a
new review, a new cover or a renamed teacher makes a new key and the old entry simply ages
out. Nothing has to be purged, and no process keeps a copy of its own.

``tests/courses/test_cards.py`` checks that every ``course.<field>`` the card templates read is
in the fingerprint, so a template edit cannot show a stale value.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core import sites
from home import media

from .images import prefetch_renditions

TEMPLATE = "courses/includes/course_card.html"
# Every template the card includes: their sources are part of the key.
TEMPLATES = (TEMPLATE, "includes/media/course_cover.html", "courses/includes/price.html")
# The course's own fields a card shows (besides its cover and category, below).
FIELDS = (
    "pk",
    "url_path",
    "locale_id",
    "title",
    "summary",
    "level",
    "course_type",
    "language",
    "price",
    "currency",
    "teacher_id",
    "teacher_display",
    "reviews_count",
    "average_rating",
    "cover_id",
)
TIMEOUT = 24 * 60 * 60  # unused keys age out; a changed card has a new key at once
PREFIX = "course-card"


@functools.cache
def _code_digest(language: str) -> str:
    """The card's templates and the language's compiled translations, as deployed."""
    digest = hashlib.blake2b(digest_size=8)
    for name in TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    for folder in settings.LOCALE_PATHS:
        catalog = Path(folder) / language / "LC_MESSAGES" / "django.mo"
        if catalog.exists():
            digest.update(str(catalog.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def fingerprint(course) -> tuple:
    """Everything of the course that shows on its card."""
    values = [getattr(course, name) for name in FIELDS]
    cover = course.cover
    if cover is not None:  # a new file or focal point makes new renditions
        values += [
            cover.file.name,
            cover.focal_point_x,
            cover.focal_point_y,
            cover.focal_point_width,
            cover.focal_point_height,
        ]
    else:  # the drawn card names the top category
        category = course.category.parent if course.category_id else None
        category = category or course.category
        values += [category.slug, category.name] if category is not None else [None]
    return tuple(values)


def key(course, request) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    site = sites.site_for_request(request) if request is not None else None
    digest = hashlib.blake2b(digest_size=12)
    digest.update(repr(fingerprint(course)).encode())
    return (
        f"{PREFIX}:{_code_digest(language)}:{language}:{sites.current().generation}:"
        f"{site.pk if site is not None else '-'}:{course.pk}:{digest.hexdigest()}"
    )


def render(courses: Iterable, context: Context) -> SafeString:
    """The cards of ``courses``, in order: cached ones in one round trip, the rest rendered
    (with ``context``, as ``{% include %}`` would) and stored in one more."""
    courses = list(courses)
    if not courses:
        return mark_safe("")
    request = context.get("request")
    keys = [key(course, request) for course in courses]
    found = cache.get_many(keys)
    missing: dict[str, str] = {}
    template = get_template(TEMPLATE).template
    prefetch_renditions(
        [
            course.cover
            for course, course_key in zip(courses, keys, strict=True)
            if course_key not in found
        ],
        media.CARD,
    )
    for course, course_key in zip(courses, keys, strict=True):
        if course_key not in found:
            with context.push(course=course):
                found[course_key] = missing[course_key] = template.render(context)
    if missing:
        cache.set_many(missing, TIMEOUT)
    # Each card came out of the autoescaping template engine (here or in an earlier request).
    return mark_safe("".join(found[course_key] for course_key in keys))  # noqa: S308
