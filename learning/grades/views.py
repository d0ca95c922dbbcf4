"""Gradebooks on the site, for teachers: a course's or a group's gradebook (filters, sorting,
the at-risk learners), a change to one learner's item (override, excuse) with its history,
the export files and the course's grading scheme. Every rule is the services'; a refusal on a
page that has a form is shown on it, elsewhere ``DomainErrorMiddleware`` answers 403/404."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from core.ids import parse_id
from core.urls import safe_next
from courses.models import CoursePage
from learning.schedule.models import Group

from . import page, services
from .errors import GradebookNotAllowed, GroupWithoutCourse
from .export import to_csv, to_xlsx
from .forms import EXCUSE, LIFT, OVERRIDE, UNEXCUSE, AdjustForm, SchemeForm
from .permissions import can_adjust, can_edit_scheme, require_edit_scheme
from .services import FINAL, Gradebook

HISTORY_PER_PAGE = 50
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Scope:
    """A course's gradebook or one group's: what to read and where its pages are."""

    course: CoursePage
    group: Group | None = None

    @classmethod
    def of_course(cls, course_id: int) -> Scope:
        course = CoursePage.objects.select_related("teacher", "owner").filter(pk=course_id).first()
        if course is None:
            raise Http404
        return cls(course)

    @classmethod
    def of_group(cls, group_id: int) -> Scope:
        group = Group.objects.select_related("course", "teacher").filter(pk=group_id).first()
        if group is None:
            raise Http404
        if group.course is None:
            raise GroupWithoutCourse
        return cls(group.course, group)

    @property
    def kind(self) -> str:
        return "group" if self.group else "course"

    def url(self, name: str = "", *args) -> str:
        pk = self.group.pk if self.group else self.course.pk
        suffix = f"-{name}" if name else ""
        return reverse(f"grades:{self.kind}{suffix}", args=[pk, *args])

    def read(self, user) -> Gradebook:
        if self.group:
            return services.read_group(user, self.group)
        return services.read_course(user, self.course)

    def history(self, user, student_id: int | None):
        if self.group:
            changes = services.group_history(user, self.group)
            return changes.filter(student_id=student_id) if student_id else changes
        return services.history(user, self.course, student_id=student_id)

    @property
    def links(self) -> dict[str, str]:
        links = {
            "gradebook": self.url(),
            "history": self.url("history"),
            "csv": self.url("export", "csv"),
            "xlsx": self.url("export", "xlsx"),
            "adjust": self.url("adjust"),
            "course": reverse("grades:course", args=[self.course.pk]),
        }
        links["scheme"] = reverse("grades:course-scheme", args=[self.course.pk])
        return links

    @property
    def title(self) -> str:
        return self.group.name if self.group else self.course.title


def _scope(course_id: int | None, group_id: int | None) -> Scope:
    return Scope.of_group(group_id) if group_id else Scope.of_course(course_id)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The teacher's gradebooks: their courses and their groups."""
    courses, groups = services.gradebooks_for(request.user)
    return render(request, "grades/index.html", {"courses": courses, "groups": groups})


@login_required
def gradebook(request: HttpRequest, course_id: int | None = None, group_id: int | None = None):
    scope = _scope(course_id, group_id)
    book = scope.read(request.user)
    groups = services.course_groups(scope.course) if scope.group is None else {}
    filters = page.Filters.parse(request.GET, book, groups)
    reasons = services.at_risk(book)
    rows = page.rows_for(book, reasons, filters)
    context = {
        "scope": scope,
        "book": book,
        "columns": [page.column_heading(c, filters.sort) for c in book.columns],
        "name_sort": page.sort_state(filters.sort, "name"),
        "final_sort": page.sort_state(filters.sort, "final"),
        "here": quote(request.get_full_path(), safe=""),
        "categories": [(page.CATEGORY_SHORT[c], page.CATEGORY_NAMES[c]) for c in page.Category],
        "rows": rows,
        "total": len(book.rows),
        "at_risk_total": len(reasons),
        "filters": filters,
        "filtered": bool(filters.group or filters.status or filters.risk),
        "groups": groups,
        "statuses": page.STATUS_FILTERS,
        "legend": page.legend(),
        "status_css": page.status_css(),
        "status_labels": page.dialog_texts(),
        "sort_query": _query_without(request, "sort"),
        "can_edit_scheme": can_edit_scheme(request.user, scope.course),
    }
    return render(request, "grades/gradebook.html", context)


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def adjust(request: HttpRequest, course_id: int | None = None, group_id: int | None = None):
    """One learner's item: override it (or the final grade), lift the override, excuse it or
    take the excuse back, with a reason. The gradebook's dialog posts here; without
    JavaScript the row's link opens this page."""
    scope = _scope(course_id, group_id)
    data = request.POST if request.method == "POST" else request.GET
    student_id = parse_id(data.get("student", ""))
    if student_id is None:
        raise Http404
    if not can_adjust(request.user, scope.course, student_id):
        raise GradebookNotAllowed
    book = services.build(scope.course, group=scope.group, students=[student_id])
    if not book.rows:
        raise Http404
    row = book.rows[0]
    items = [(FINAL, _("Final grade"))] + [
        (c.key, c.title) for c in book.columns if c.key in row.cells
    ]
    back = safe_next(request, data.get("next"), scope.url())
    if request.method == "POST":
        form = AdjustForm(request.POST, items=items)
        if form.is_valid() and _apply(request, scope, form):
            return redirect(f"{back.split('#')[0]}#learner-{student_id}")
    else:
        form = AdjustForm(
            initial={"student": student_id, "item": data.get("item") or FINAL}, items=items
        )
    return render(
        request,
        "grades/adjust.html",
        {
            "scope": scope,
            "form": form,
            "row": row,
            "cells": [
                (
                    c,
                    row.cells[c.key],
                    page.STATUS_LABELS[page.cell_status(row.cells[c.key])],
                    page.number(page.cell_value(row.cells[c.key])),
                )
                for c in book.columns
                if c.key in row.cells
            ],
            "final": page.number(row.grade.percent),
            "back": back,
        },
        status=400 if form.errors else 200,
    )


def _apply(request: HttpRequest, scope: Scope, form: AdjustForm) -> bool:
    v = form.cleaned_data
    action, user = v["action"], request.user
    args = (user, scope.course, v["student"], v["item"])
    try:
        if action in (OVERRIDE, LIFT):
            percent = v["percent"] if action == OVERRIDE else None
            services.override(*args, percent, v["reason"])
        else:
            services.excuse(*args, action == EXCUSE, v["reason"])
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error))
        return False
    done = {
        OVERRIDE: _("The grade is overridden; the change is in the history."),
        LIFT: _("The override is lifted; the computed grade counts again."),
        EXCUSE: _("The learner is excused from this item."),
        UNEXCUSE: _("The excuse is taken back."),
    }
    messages.success(request, done[action])
    return True


@login_required
def history(request: HttpRequest, course_id: int | None = None, group_id: int | None = None):
    """Every change to the grades of the course (or the group's members): who, when, from,
    to, why; one learner's with ``?student=``."""
    scope = _scope(course_id, group_id)
    student_id = parse_id(request.GET.get("student", "")) or None
    changes = scope.history(request.user, student_id)
    page_obj = Paginator(changes, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    titles = services.item_titles(change.item for change in page_obj.object_list)
    rows = [(change, titles.get(change.item, change.item)) for change in page_obj]
    return render(
        request,
        "grades/history.html",
        {
            "scope": scope,
            "page_obj": page_obj,
            "rows": rows,
            "student_id": student_id,
            "query_string": f"student={student_id}" if student_id else "",
        },
    )


@login_required
def export(request: HttpRequest, kind: str, course_id=None, group_id=None) -> HttpResponse:
    if kind not in CONTENT_TYPES:
        raise Http404
    scope = _scope(course_id, group_id)
    book = scope.read(request.user)
    body = to_csv(book) if kind == "csv" else to_xlsx(book)
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    pk = scope.group.pk if scope.group else scope.course.pk
    stamp = timezone.localdate().isoformat()
    name = f"gradebook-{scope.kind}-{pk}-{stamp}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def scheme(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course's grading scheme, for its teacher (and staff)."""
    scope = Scope.of_course(course_id)
    require_edit_scheme(request.user, scope.course)
    current = services.scheme_or_default(scope.course)
    if request.method == "POST":
        form = SchemeForm(request.POST)
        if form.is_valid():
            try:
                services.save_scheme(request.user, scope.course, form.cleaned_data)
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error))
            else:
                messages.success(request, _("The grading scheme is saved."))
                return redirect(scope.url("scheme"))
    else:
        form = SchemeForm(initial={name: getattr(current, name) for name in SchemeForm.base_fields})
    return render(
        request,
        "grades/scheme.html",
        {"scope": scope, "form": form, "scheme": current},
        status=400 if form.errors else 200,
    )
