"""A message's text: stored as the plain text typed, shown escaped with links made clickable.

Nothing a person types is ever HTML: ``clean`` keeps the text as text (line breaks and tabs,
no other control characters, no bidirectional overrides that disguise a link), and
``render`` escapes all of it before Django's ``urlize`` turns addresses into links
(``rel="nofollow"``, only http, https and mailto; ``urlize`` escapes what it wraps).
"""

from __future__ import annotations

import re

from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe

# C0 and C1 controls except tab and newline; the bidirectional overrides and isolates.
_UNWANTED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """The text to store: newlines normalised, unwanted characters removed, ends trimmed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", text).strip()


def render(text: str) -> SafeString:
    """Safe HTML for a stored text: escaped, links clickable, line breaks kept."""
    linked = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    if linked == text:  # nothing to link: urlize returned it unescaped
        linked = escape(text)
    return mark_safe(linked.replace("\n", "<br>"))  # noqa: S308 (escaped above)
