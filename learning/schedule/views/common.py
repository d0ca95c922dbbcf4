"""Helpers the timetable pages share: errors onto forms, rows of occurrences, redirects."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.errors import DomainError, NotAllowed

from .. import services
from ..errors import NotFound
from ..models import Group
from ..permissions import can_manage_group, can_view_group
from ..recurrence import Occurrence

UPCOMING_DAYS = 14
UPCOMING_LIMIT = 20
GROUP_UPCOMING_DAYS = 28
PER_PAGE = 20


def apply_errors(
    form, error: ValidationError | DomainError, rename: dict[str, str] | None = None
) -> None:
    """A service's refusal onto the form: a named field's errors beside the field, the rest (a
    clash, a rule about the whole lesson) above the form."""
    rename = rename or {}
    if isinstance(error, DomainError):
        field = rename.get(error.field, error.field) if error.field else None
        form.add_error(field if field in form.fields else None, error.messages)
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = rename.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def groups_by_id(ids) -> dict[int, Group]:
    return Group.objects.select_related("teacher").in_bulk(set(ids))


def lesson_url(key: str) -> str:
    return reverse("schedule:lesson", kwargs={"key": key})


def rows(occurrences: list[Occurrence]) -> list[dict]:
    """Occurrences with their groups, for lists (one query for all the groups)."""
    groups = groups_by_id(o.group_id for o in occurrences)
    return [
        {"occurrence": o, "group": groups.get(o.group_id), "url": lesson_url(o.key)}
        for o in occurrences
    ]


def redirect_to_calendar(day: dt.date | None = None) -> HttpResponse:
    url = reverse("schedule:calendar")
    if day:
        url += "?" + urlencode({"date": day.isoformat()})
    return redirect(url)


def prefill(request: HttpRequest, names: tuple[str, ...]) -> dict:
    """Initial values from the query string (a link from an empty calendar slot)."""
    return {name: request.GET[name] for name in names if request.GET.get(name)}


def occurrence_or_404(request: HttpRequest, key: str) -> Occurrence:
    """The occurrence a key names, if this person may see it (others get 404, not 403: a
    lesson's existence is nobody else's business)."""
    try:
        return services.occurrence_by_key(request.user, key)
    except (NotFound, NotAllowed) as error:
        raise Http404 from error


def group_or_404(request: HttpRequest, group_id: int, *, manage: bool = False) -> Group:
    """A group this person may see (or manage); 404 for the others, as for lessons."""
    group = get_object_or_404(Group.objects.select_related("teacher", "course"), pk=group_id)
    allowed = (
        can_manage_group(request.user, group) if manage else can_view_group(request.user, group)
    )
    if not allowed:
        raise Http404
    return group
