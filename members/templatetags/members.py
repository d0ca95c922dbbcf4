"""{% load members %}: links from people's names to their member profiles.

``{% with_profile_links items as rows %}`` pairs each item of a list (a review list's items,
whose ``review.author_id`` names the person, or anything with an ``author_id``) with the URL
of its author's profile, or "" when the viewer may not open it (``permissions.viewable_by``):
one query for the whole list, so the page's queries do not grow with it.
"""

from __future__ import annotations

from typing import Any

from django import template

from .. import services

register = template.Library()


def _author_id(item: Any) -> int | None:
    holder = getattr(item, "review", item)
    return getattr(holder, "author_id", None)


@register.simple_tag(takes_context=True)
def with_profile_links(context, items) -> list[tuple[Any, str]]:
    items = list(items or [])
    request = context.get("request")
    viewer = getattr(request, "user", None)
    links = services.profile_links(viewer, {_author_id(item) for item in items} - {None})
    return [(item, links.get(_author_id(item), "")) for item in items]


@register.simple_tag(takes_context=True)
def profile_url(context, person) -> str:
    """The URL of one person's profile if the viewer may open it, else "" (one query)."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    if person is None:
        return ""
    return services.profile_links(viewer, {person.pk}).get(person.pk, "")
