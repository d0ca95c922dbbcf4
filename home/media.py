"""Responsive images: the renditions each image slot of the site asks for, and the OG image.

The markup is in `templates/includes/media/`, one include per slot, with Wagtail's
`{% picture %}` tag. Its filter specs are written out there and again here, expanded the way
Wagtail expands them, because the listings prefetch exactly these renditions (two queries for a
whole list instead of two per card); `tests/home/test_media.py` checks that the two agree.

Formats: WebP with a JPEG fallback. Pillow here can write AVIF, but at its default speed (which
Wagtail does not let us change) one AVIF rendition takes 0.5–1 s against 0.03–0.1 s for WebP,
and renditions are made during the first request that needs them: a catalog page of new covers
would take many seconds. Every browser the site supports reads WebP.

Focal points: `fill` centres its crop on the image's focal point wherever the slot's shape
differs from the image's (a square photo in a wide OG preview, a wide upload in the 3:2 banner).
No `-c…` closeness: it zooms towards the focal point by an amount that depends on the output
size, so the 480 and 960 pixel candidates of one srcset would show different crops.
"""

from __future__ import annotations

from wagtail.images.models import Filter


def expand(*specs: str) -> tuple[str, ...]:
    """The rendition specs a `{% picture %}` tag with these filter specs asks for."""
    return tuple(Filter.expand_spec(list(specs)))


# Course and blog cards, the cabinet's courses: 16:9, about 270 px wide on a desktop.
CARD = expand("format-{webp,jpeg}", "fill-{480x270,960x540}")
# The cover beside a course's title and above a blog post: 16:9, up to 640 px wide.
COVER = expand("format-{webp,jpeg}", "fill-{640x360,960x540,1280x720}")
# A tutor in a card (120 px circle) and on their page (up to 200 px).
PHOTO = expand("format-{webp,jpeg}", "fill-{160x160,320x320}")
PHOTO_LARGE = expand("format-{webp,jpeg}", "fill-{200x200,400x400,600x600}")
# The home page's banner image: 3:2, up to about 520 px wide.
HERO = expand("format-{webp,jpeg}", "fill-{640x420,960x630,1280x840}")

# Open Graph: the size the big link previews use, in JPEG, which every crawler reads.
OG = "fill-1200x630|format-jpeg"
