"""What the image includes (templates/includes/media/) ask for: fallbacks.

A missing image is drawn in CSS (static/css/media.css): a tone from a fixed palette, picked by
a stable hash of a key (the course's top category, the tutor's name), with a monogram or the
tutor's initials. No emoji, so it looks the same without an emoji font.
"""

from __future__ import annotations

import zlib

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

# How many tones media.css defines (.media-tone-0 … .media-tone-7).
TONES = 8


@register.filter
def tone(key: object) -> int:
    """A palette index for `key`: the same key always gets the same colour."""
    return zlib.crc32(str(key or "").encode("utf-8")) % TONES


@register.filter
def monogram(text: object) -> str:
    """The first letter or digit of `text`, upper-case ("" if it has none)."""
    return next((char.upper() for char in str(text or "") if char.isalnum()), "")


@register.filter
def initials(name: object) -> str:
    """Up to two initials of a name: "Ирина Соколова" → "ИС"."""
    letters = [monogram(word) for word in str(name or "").split()]
    return "".join(letter for letter in letters if letter)[:2]


@register.simple_tag
def site_icon(name: object, fallback: str = "book") -> str:
    """An icon from the sprite scripts/build_static.sh builds (courses/icons.txt): decorative,
    so hidden from screen readers; the text beside it says what it means."""
    name = str(name or "") or fallback
    if not name.replace("-", "").isalnum():  # a name, never markup
        name = fallback
    return format_html(
        '<svg class="site-icon" aria-hidden="true" focusable="false">'
        '<use href="{}#i-{}"></use></svg>',
        static("vendor/icons/icons.svg"),
        name,
    )
