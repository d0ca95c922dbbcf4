"""What search engines and link previews read of a page: absolute addresses, the description,
the translations (hreflang) and the Open Graph image.

Addresses are built from the site's configured public address (``SITE_URL``, else
``WAGTAILADMIN_BASE_URL``), not from the request or the Wagtail Site's hostname, so a page
rendered behind a proxy or for the page cache still names its public address.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from . import media
from .app_settings import app_settings

logger = logging.getLogger(__name__)

# Fields that say in a sentence or two what a page is, in the order they are tried.
DESCRIPTION_FIELDS = (
    "search_description",
    "summary",
    "intro",
    "introduction",
    "headline",
    "hero_text",
)
DESCRIPTION_LENGTH = 160


def base_url() -> str:
    """The site's public address, without a trailing slash."""
    return (app_settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute(url: str) -> str:
    """`url` on the public address (a full URL, e.g. of S3, is kept as it is)."""
    if url.startswith(("http://", "https://", "//")):
        return url
    return base_url() + "/" + url.lstrip("/")


def page_url(page: Page, request: HttpRequest | None = None) -> str | None:
    """The page's absolute public address; None for a page outside every site."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    return absolute(parts[2])


def translations(page: Page) -> dict[str, Page]:
    """The page's live, public versions by language code (itself included), read once per
    page object: the header's language switch and the hreflang links share it."""
    cached = getattr(page, "_live_translations", None)
    if cached is None:
        pages = page.get_translations(inclusive=True).live().public().select_related("locale")
        cached = {item.locale.language_code: item for item in pages}
        page._live_translations = cached
    return cached


def describe(page: Page | None, fallback: str) -> str:
    """One plain line of at most DESCRIPTION_LENGTH characters about the page."""
    for name in DESCRIPTION_FIELDS:
        value = getattr(page, name, None) if page is not None else None
        if isinstance(value, str) and value.strip():
            text = re.sub(r"\s+", " ", strip_tags(value)).strip()
            if text:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
    return fallback


def og_image(page: Page | None) -> dict[str, object] | None:
    """The page's ``og_image`` (its cover, photo or hero) as an Open Graph rendition:
    {"url", "width", "height", "alt"}."""
    image = getattr(page, "og_image", None) if page is not None else None
    if image is None:
        return None
    try:
        rendition = image.get_rendition(media.OG)
    except Exception:  # a missing or broken file must not break the page
        logger.warning("No Open Graph rendition of image %s", image.pk, exc_info=True)
        return None
    return {
        "url": absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(image, "default_alt_text", "") or image.title,
    }
