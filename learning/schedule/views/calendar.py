"""The calendar page and the forms that add to it (a one-off or a weekly lesson)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from core.permissions import is_staff

from .. import services
from ..forms import CalendarNarrowingForm, LessonForm, RuleForm
from ..models import Group
from ..permissions import can_create_groups, require_can_create_groups
from .common import (
    UPCOMING_DAYS,
    UPCOMING_LIMIT,
    apply_errors,
    lesson_url,
    prefill,
    redirect_to_calendar,
    rows,
)


def _api_url(name: str, **kwargs) -> str:
    """An API address for calendar.js; an id in it becomes "__id__" for the script to fill."""
    sentinel = 987654321
    url = reverse(name, kwargs=dict.fromkeys(kwargs, sentinel))
    return url.replace(str(sentinel), "__id__")


def _initial_date(request: HttpRequest) -> str:
    raw = request.GET.get("date", "")
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        return ""


@never_cache
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The person's timetable: FullCalendar fed by the events API; teachers also edit it, staff
    see and edit the whole school's and may narrow it to a teacher, group or course."""
    user = request.user
    can_edit = can_create_groups(user)
    # Staff see the whole school's timetable (as the events API gives it), narrowed at will.
    narrow_form = CalendarNarrowingForm(request.GET) if is_staff(user) else None
    narrowing = narrow_form.narrowing() if narrow_form is not None else {}
    now = timezone.now()
    upcoming = services.calendar_for(
        user, now, now + dt.timedelta(days=UPCOMING_DAYS), narrowing=services.Narrowing(**narrowing)
    )
    feed = services.find_feed(user)
    config = _calendar_config(request, can_edit)
    config["eventsParams"] = {name: str(value) for name, value in narrowing.items()}
    context = {
        "can_edit": can_edit,
        "narrow_form": narrow_form,
        "narrowed": bool(narrowing),
        "upcoming": rows(upcoming[:UPCOMING_LIMIT]),
        "feed_url": request.build_absolute_uri(
            reverse("calendar:feed", kwargs={"token": feed.token})
        )
        if feed is not None
        else "",
        "config": config,
    }
    if can_edit:
        context["has_groups"] = Group.objects.filter(teacher=user).exists()
        context["lesson_form"] = LessonForm(teacher=user, prefix="lesson")
        context["rule_form"] = RuleForm(teacher=user, prefix="rule")
    return render(request, "schedule/calendar.html", context)


def _calendar_config(request: HttpRequest, can_edit: bool) -> dict:
    """What calendar.js needs, passed as JSON (json_script), never as inline code."""
    return {
        "locale": translation.get_language() or settings.LANGUAGE_CODE,
        "editable": can_edit,
        "eventsUrl": _api_url("api:schedule-events"),
        # Dragging a stored lesson changes it; dragging a weekly lesson's date moves only that
        # date (an exception to the rule).
        "lessonApiUrl": _api_url("api:live-lesson-detail", pk=True),
        "moveOccurrenceUrl": _api_url("api:schedule-rule-move-occurrence", pk=True),
        # "__key__" is replaced by the occurrence's key.
        "lessonUrl": lesson_url("__key__"),
        "initialDate": _initial_date(request),
        "texts": {
            "moved": _("The lesson was moved."),
            "moveFailed": _("The lesson could not be moved."),
            "network": _("The server could not be reached. Try again."),
            "loadFailed": _("The timetable could not be loaded. Reload the page."),
            "cancelled": _("cancelled"),
        },
    }


def _save_lesson(user, data: dict) -> tuple[str, str | None, dt.date]:
    lesson, warning = services.create_lesson(
        user, data["group"], title=data["title"], start=data["start"], end=data["end"]
    )
    message = _("The lesson “%(title)s” is in the timetable.") % {"title": lesson.title}
    return message, warning, data["date"]


def _save_rule(user, data: dict) -> tuple[str, str | None, dt.date]:
    fields = ("title", "weekday", "week_type", "start_time", "end_time", "start_date")
    rule, warning = services.create_rule(
        user,
        data["group"],
        **{name: data[name] for name in fields},
        end_date=data["end_date"],
        timezone=data["timezone"],
    )
    message = _("The weekly lesson “%(title)s” is in the timetable.") % {"title": rule.title}
    return message, warning, data["start_date"]


@dataclass(frozen=True)
class _NewEntry:
    """One kind of timetable entry the calendar's dialogs (or their no-JavaScript pages) add."""

    kind: str  # "lesson" | "rule": the form's prefix and the template's switch
    form_class: type
    prefill: tuple[str, ...]
    save: Callable[[object, dict], tuple[str, str | None, dt.date]]
    rename: dict[str, str]


_LESSON = _NewEntry(
    "lesson",
    LessonForm,
    ("date", "start_time", "end_time", "group"),
    _save_lesson,
    {"start": "start_time", "end": "end_time"},
)
_RULE = _NewEntry(
    "rule",
    RuleForm,
    ("start_date", "start_time", "end_time", "weekday", "group"),
    _save_rule,
    {},
)


def _create(request: HttpRequest, entry: _NewEntry) -> HttpResponse:
    require_can_create_groups(request.user)
    form = entry.form_class(
        request.POST if request.method == "POST" else None,
        teacher=request.user,
        prefix=entry.kind,
        initial=prefill(request, entry.prefill),
    )
    if request.method == "POST" and form.is_valid():
        try:
            message, warning, day = entry.save(request.user, form.cleaned_data)
        except (ValidationError, DomainError) as error:
            apply_errors(form, error, entry.rename)
        else:
            messages.success(request, message)
            if warning:
                messages.warning(request, warning)
            return redirect_to_calendar(day)
    return render(request, "schedule/lesson_form.html", {"form": form, "kind": entry.kind})


@require_http_methods(["GET", "POST"])
@login_required
def lesson_create(request: HttpRequest) -> HttpResponse:
    """A one-off lesson (the calendar's dialog posts here; without JavaScript, a page)."""
    return _create(request, _LESSON)


@require_http_methods(["GET", "POST"])
@login_required
def rule_create(request: HttpRequest) -> HttpResponse:
    """A weekly lesson (a rule)."""
    return _create(request, _RULE)
