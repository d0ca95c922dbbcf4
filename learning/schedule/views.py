"""Timetable pages: the calendar, groups, a lesson's page (start, join, recordings,
attendance) and the private iCalendar feed. Every change goes through services.py."""

import datetime as dt
import logging
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User

from . import feeds, services
from .forms import (
    AddStudentForm,
    AttendanceForm,
    GroupForm,
    LessonForm,
    RuleEditForm,
    RuleForm,
)
from .models import Attendance, Group, LiveLesson, Membership, RecurringLesson
from .recurrence import Occurrence

logger = logging.getLogger(__name__)

UPCOMING_DAYS = 14
UPCOMING_LIMIT = 20
GROUP_UPCOMING_DAYS = 28
PER_PAGE = 20


# ---------------------------------------------------------------------------------------------
# Helpers


def _apply_errors(form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """A service's ValidationError onto the form: a named field's errors beside the field, the
    rest (a clash, a rule about the whole lesson) above the form."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = rename.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _groups_by_id(ids) -> dict[int, Group]:
    return Group.objects.select_related("teacher").in_bulk(set(ids))


def _rows(occurrences: list[Occurrence]) -> list[dict]:
    """Occurrences with their groups, for lists (one query for all the groups)."""
    groups = _groups_by_id(o.group_id for o in occurrences)
    return [
        {
            "occurrence": o,
            "group": groups.get(o.group_id),
            "url": reverse("schedule:lesson", kwargs={"key": o.key}),
        }
        for o in occurrences
    ]


def _api_url(name: str, **kwargs) -> str:
    """An API address for calendar.js; an id in it becomes "__id__" for the script to fill."""
    sentinel = 987654321
    try:
        url = reverse(name, kwargs=dict.fromkeys(kwargs, sentinel))
    except NoReverseMatch:  # the API is not wired (yet): the calendar shows nothing
        return ""
    return url.replace(str(sentinel), "__id__")


def _can_teach(user) -> bool:
    return services.can_create_groups(user)


def _lesson_url(key: str) -> str:
    return reverse("schedule:lesson", kwargs={"key": key})


# ---------------------------------------------------------------------------------------------
# The calendar


def _initial_date(request: HttpRequest) -> str:
    raw = request.GET.get("date", "")
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        return ""


@never_cache
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The person's timetable: FullCalendar fed by the events API; teachers also edit it."""
    user = request.user
    can_edit = _can_teach(user)
    now = timezone.now()
    upcoming = services.occurrences_for(user, now, now + dt.timedelta(days=UPCOMING_DAYS))
    feed = services.feed_for(user)
    context = {
        "can_edit": can_edit,
        "upcoming": _rows(upcoming[:UPCOMING_LIMIT]),
        "feed_url": request.build_absolute_uri(
            reverse("calendar:feed", kwargs={"token": feed.token})
        ),
        "config": _calendar_config(request, can_edit),
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
        "lessonUrl": _lesson_url("__key__"),
        "initialDate": _initial_date(request),
        "texts": {
            "moved": _("The lesson was moved."),
            "moveFailed": _("The lesson could not be moved."),
            "network": _("The server could not be reached. Try again."),
            "loadFailed": _("The timetable could not be loaded. Reload the page."),
            "cancelled": _("cancelled"),
        },
    }


def _redirect_to_calendar(day: dt.date | None = None) -> HttpResponse:
    url = reverse("schedule:calendar")
    if day:
        url += "?" + urlencode({"date": day.isoformat()})
    return redirect(url)


@require_http_methods(["GET", "POST"])
@login_required
def lesson_create(request: HttpRequest) -> HttpResponse:
    """A one-off lesson (the calendar's dialog posts here; without JavaScript, a page)."""
    if not _can_teach(request.user):
        raise PermissionDenied
    form = LessonForm(
        request.POST if request.method == "POST" else None,
        teacher=request.user,
        prefix="lesson",
        initial=_prefill(request, ("date", "start_time", "end_time", "group")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lesson, warning = services.create_lesson(
                request.user,
                data["group"],
                title=data["title"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as error:
            _apply_errors(form, error, {"start": "start_time", "end": "end_time"})
        else:
            messages.success(
                request, _("The lesson “%(title)s” is in the timetable.") % {"title": lesson.title}
            )
            if warning:
                messages.warning(request, warning)
            return _redirect_to_calendar(data["date"])
    return render(request, "schedule/lesson_form.html", {"form": form, "kind": "lesson"})


@require_http_methods(["GET", "POST"])
@login_required
def rule_create(request: HttpRequest) -> HttpResponse:
    """A weekly lesson (a rule)."""
    if not _can_teach(request.user):
        raise PermissionDenied
    form = RuleForm(
        request.POST if request.method == "POST" else None,
        teacher=request.user,
        prefix="rule",
        initial=_prefill(request, ("start_date", "start_time", "end_time", "weekday", "group")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule, warning = services.create_rule(
                request.user,
                data["group"],
                title=data["title"],
                weekday=data["weekday"],
                week_type=data["week_type"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                timezone=data["timezone"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The weekly lesson “%(title)s” is in the timetable.") % {"title": rule.title},
            )
            if warning:
                messages.warning(request, warning)
            return _redirect_to_calendar(data["start_date"])
    return render(request, "schedule/lesson_form.html", {"form": form, "kind": "rule"})


def _prefill(request: HttpRequest, names: tuple[str, ...]) -> dict:
    """Initial values from the query string (a link from an empty calendar slot)."""
    return {name: request.GET[name] for name in names if request.GET.get(name)}


# ---------------------------------------------------------------------------------------------
# Groups


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    """Teachers: the groups they teach (and can create more); students: the groups they're in."""
    queryset = services.groups_for(request.user).order_by("name", "pk")
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schedule/groups.html",
        {"page_obj": page_obj, "can_create": _can_teach(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    if not _can_teach(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.create_group(
                request.user, data["name"], course=data["course"], colour=data["colour"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The group “%(name)s” is created. Now add its students.") % {"name": group.name},
            )
            return redirect("schedule:group", group_id=group.pk)
    return render(request, "schedule/group_form.html", {"form": form, "group": None})


def _group_or_404(request: HttpRequest, group_id: int, *, manage: bool = False) -> Group:
    group = get_object_or_404(Group.objects.select_related("teacher", "course"), pk=group_id)
    allowed = (
        services.can_manage_group(request.user, group)
        if manage
        else services.can_view_group(request.user, group)
    )
    if not allowed:
        raise Http404
    return group


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_or_404(request, group_id)
    return _group_page(request, group, AddStudentForm())


def _group_page(request: HttpRequest, group: Group, add_form, status: int = 200) -> HttpResponse:
    manage = services.can_manage_group(request.user, group)
    members = (
        Membership.objects.filter(group=group)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__email")
    )
    page_obj = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    upcoming = [
        o
        for o in services.occurrences_for(
            request.user, now, now + dt.timedelta(days=GROUP_UPCOMING_DAYS)
        )
        if o.group_id == group.pk
    ]
    return render(
        request,
        "schedule/group_detail.html",
        {
            "group": group,
            "manage": manage,
            "page_obj": page_obj,
            "add_form": add_form if manage else None,
            "upcoming": [
                {"occurrence": o, "url": _lesson_url(o.key)} for o in upcoming[:UPCOMING_LIMIT]
            ],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def group_edit(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_or_404(request, group_id, manage=True)
    initial = {"name": group.name, "course": group.course, "colour": group.colour}
    form = GroupForm(request.POST or None, teacher=group.teacher, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_group(
                request.user, group, name=data["name"], colour=data["colour"], course=data["course"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("schedule:group", group_id=group.pk)
    return render(request, "schedule/group_form.html", {"form": form, "group": group})


@require_POST
@login_required
def group_add_student(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_or_404(request, group_id, manage=True)
    form = AddStudentForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_student(request.user, group, form.cleaned_data["email"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("%(email)s is added to the group.") % {"email": membership.student.email}
            )
            return redirect("schedule:group", group_id=group.pk)
    return _group_page(request, group, form, status=400)


@require_POST
@login_required
def group_remove_student(request: HttpRequest, group_id: int, student_id: int) -> HttpResponse:
    group = _group_or_404(request, group_id, manage=True)
    student = get_object_or_404(User, pk=student_id)
    try:
        services.remove_student(request.user, group, student)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(email)s is removed from the group.") % {"email": student.email}
        )
    return redirect("schedule:group", group_id=group.pk)


# ---------------------------------------------------------------------------------------------
# A lesson's page


def _occurrence_or_404(request: HttpRequest, key: str) -> Occurrence:
    """The occurrence a key names, if this person may see it (others get 404, not 403: a
    lesson's existence is nobody else's business)."""
    try:
        return services.occurrence_by_key(request.user, key)
    except (services.NotFound, PermissionDenied) as error:
        raise Http404 from error


def _pool():
    from learning.zoompool import services as pool  # the pool builds on the timetable

    return pool


@require_GET
@never_cache
@login_required
def lesson(request: HttpRequest, key: str) -> HttpResponse:
    """Time, group, teacher, status; start / join; recordings; attendance; homework."""
    occurrence = _occurrence_or_404(request, key)
    if occurrence.key != key:
        # A rule's occurrence that has since been stored lives under the lesson's own key.
        return redirect("schedule:lesson", key=occurrence.key)
    user = request.user
    group = Group.objects.select_related("teacher", "course").get(pk=occurrence.group_id)
    stored = None
    if occurrence.lesson_id:
        stored = LiveLesson.objects.select_related("homework", "teacher").get(
            pk=occurrence.lesson_id
        )
    rule = None
    if occurrence.rule_id:
        rule = (
            RecurringLesson.objects.select_related("homework").filter(pk=occurrence.rule_id).first()
        )
    manage = services.can_manage_group(user, group)
    pool = _pool()
    now = timezone.now()
    # A stand-in with the occurrence's times, so the pool's own rule says when starting opens.
    probe = stored or LiveLesson(
        group=group,
        teacher_id=occurrence.teacher_id,
        title=occurrence.title,
        start=occurrence.start,
        end=occurrence.end,
        status=occurrence.status,
    )
    opens_at = pool.start_opens_at(probe)
    status = occurrence.status
    can_start = (
        pool.can_start(user, probe)
        and status
        in (
            LiveLesson.Status.SCHEDULED,
            LiveLesson.Status.LIVE,
        )
        and now < occurrence.end
    )
    homework = (stored.homework if stored else None) or (rule.homework if rule else None)
    context = {
        "occurrence": occurrence,
        "key": occurrence.key,
        "group": group,
        "lesson": stored,
        "rule": rule,
        "teacher": stored.teacher if stored else group.teacher,
        "manage": manage,
        "is_member": not manage and services.is_member(user, group),
        "can_start": can_start,
        "start_open": can_start and now >= opens_at,
        "opens_at": opens_at,
        "is_live": status == LiveLesson.Status.LIVE,
        "join_url": stored.join_url if stored and status == LiveLesson.Status.LIVE else "",
        "can_cancel": manage and status == LiveLesson.Status.SCHEDULED and now < occurrence.end,
        "homework": homework,
        "homework_url": _homework_url(homework),
        "recordings": [],
        "attendance": [],
        "attendance_marked": False,
        "attendance_open": False,
    }
    if stored is not None:
        if pool.can_view_recordings(user, stored):
            context["recordings"] = list(
                pool.ready_recordings(stored).order_by("recorded_at", "pk")
            )
        try:
            context["attendance"] = services.attendance_for(user, stored)
        except PermissionDenied:
            context["attendance"] = []
        context["attendance_marked"] = any(record.pk for record in context["attendance"])
    if manage:
        context["attendance_open"] = status in (
            LiveLesson.Status.LIVE,
            LiveLesson.Status.ENDED,
        ) or (
            status == LiveLesson.Status.SCHEDULED
            and now >= occurrence.start - services.ATTENDANCE_FROM
        )
        context["attendance_from"] = occurrence.start - services.ATTENDANCE_FROM
    return render(request, "schedule/lesson.html", context)


def _homework_url(homework) -> str:
    if homework is None:
        return ""
    try:
        return reverse("homework:detail", kwargs={"homework_id": homework.pk})
    except NoReverseMatch:
        return ""


@require_POST
@login_required
def lesson_start(request: HttpRequest, key: str) -> HttpResponse:
    """Lend a pool account to the lesson and send its teacher to Zoom's start URL."""
    occurrence = _occurrence_or_404(request, key)
    pool = _pool()
    user = request.user
    probe = LiveLesson(
        group_id=occurrence.group_id,
        teacher_id=occurrence.teacher_id,
        title=occurrence.title,
        start=occurrence.start,
        end=occurrence.end,
        status=occurrence.status,
    )
    # The time window first, on the occurrence itself: a click too early stores nothing.
    try:
        pool.check_can_start(user, probe)
    except pool.LessonNotStartable as error:
        messages.error(request, str(error))
        return redirect("schedule:lesson", key=occurrence.key)
    lesson = services.lesson_by_key(user, occurrence.key)
    try:
        lesson = pool.start_lesson(user, lesson)
    except pool.PoolExhausted as error:
        return _pool_busy(request, lesson, str(error), status=429)
    except pool.PoolNotConfigured as error:
        return _pool_busy(request, lesson, str(error), status=503)
    except pool.ZoomError as error:
        logger.warning("Starting lesson %s failed: %s", lesson.pk, error)
        return _start_failed(request, lesson, str(error))
    except (pool.LessonNotStartable, pool.LessonStarting) as error:
        messages.error(request, str(error))
        return redirect("schedule:lesson", key=f"lesson:{lesson.pk}")
    # Zoom's own page: the start URL carries the host's token, so it is never shown or stored
    # in the browser's history as our page.
    return redirect(lesson.start_url)


def _pool_busy(request: HttpRequest, lesson: LiveLesson, message: str, status: int) -> HttpResponse:
    response = render(
        request,
        "schedule/start_failed.html",
        {
            "lesson": lesson,
            "key": f"lesson:{lesson.pk}",
            "title": _("All video accounts are busy")
            if status == 429
            else _("Video lessons are not set up"),
            "message": message,
            "retry": status == 429,
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = "60"
    return response


def _start_failed(request: HttpRequest, lesson: LiveLesson, message: str) -> HttpResponse:
    return render(
        request,
        "schedule/start_failed.html",
        {
            "lesson": lesson,
            "key": f"lesson:{lesson.pk}",
            "title": _("Zoom could not start the lesson"),
            "message": message,
            "retry": True,
        },
        status=502,
    )


@require_POST
@login_required
def lesson_cancel(request: HttpRequest, key: str) -> HttpResponse:
    """Cancel one lesson (for a weekly lesson, only this date; the rule stays)."""
    occurrence = _occurrence_or_404(request, key)
    try:
        if occurrence.lesson_id:
            lesson = LiveLesson.objects.select_related("group").get(pk=occurrence.lesson_id)
            services.cancel_lesson(request.user, lesson)
        else:
            rule = RecurringLesson.objects.select_related("group").get(pk=occurrence.rule_id)
            services.cancel_occurrence(request.user, rule, occurrence.occurrence_date)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lesson is cancelled."))
    return redirect("schedule:lesson", key=occurrence.key)


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change a weekly lesson from this occurrence's date on, or stop it."""
    occurrence = _occurrence_or_404(request, key)
    if not occurrence.rule_id or not occurrence.occurrence_date:
        raise Http404
    rule = get_object_or_404(RecurringLesson.objects.select_related("group"), pk=occurrence.rule_id)
    if not services.can_manage_group(request.user, rule.group):
        raise Http404
    from_date = occurrence.occurrence_date
    if request.method == "POST" and "stop" in request.POST:
        services.delete_rule(request.user, rule)
        messages.success(request, _("The weekly lesson is stopped; past lessons stay."))
        return _redirect_to_calendar(from_date)
    initial = {name: getattr(rule, name) for name in RuleEditForm.FIELDS}
    form = RuleEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(rule)
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect("schedule:lesson", key=occurrence.key)
        try:
            _rule, warning = services.update_rule_from(request.user, rule, from_date, **changes)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The weekly lesson is changed from %(date)s on.")
                % {"date": date_format(from_date, "SHORT_DATE_FORMAT")},
            )
            if warning:
                messages.warning(request, warning)
            return _redirect_to_calendar(from_date)
    return render(
        request,
        "schedule/rule_edit.html",
        {"form": form, "rule": rule, "occurrence": occurrence, "from_date": from_date, "key": key},
    )


# ---------------------------------------------------------------------------------------------
# Attendance


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def attendance(request: HttpRequest, key: str) -> HttpResponse:
    """The whole group on one screen, everyone present unless marked otherwise."""
    occurrence = _occurrence_or_404(request, key)
    group = Group.objects.select_related("teacher").get(pk=occurrence.group_id)
    if not services.can_manage_group(request.user, group):
        raise Http404
    students = [
        m.student
        for m in Membership.objects.filter(group=group)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__email")
    ]
    records: dict[int, Attendance] = {}
    if occurrence.lesson_id:
        records = {
            a.student_id: a for a in Attendance.objects.filter(lesson_id=occurrence.lesson_id)
        }
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, students=students, records=records
    )
    if request.method == "POST" and form.is_valid():
        lesson = services.lesson_by_key(request.user, occurrence.key)
        try:
            services.mark_attendance(request.user, lesson, form.marks())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect("schedule:lesson", key=f"lesson:{lesson.pk}")
    return render(
        request,
        "schedule/attendance.html",
        {
            "occurrence": occurrence,
            "key": occurrence.key,
            "group": group,
            "form": form,
            "marked": bool(records),
            "opens_at": occurrence.start - services.ATTENDANCE_FROM,
            "too_early": occurrence.status == LiveLesson.Status.SCHEDULED
            and timezone.now() < occurrence.start - services.ATTENDANCE_FROM,
        },
    )


# ---------------------------------------------------------------------------------------------
# The iCalendar feed


@require_POST
@login_required
def feed_revoke(request: HttpRequest) -> HttpResponse:
    services.revoke_feed(request.user)
    messages.success(
        request,
        _("The old calendar address no longer works. Subscribe again with the new one."),
    )
    return redirect(reverse("schedule:calendar") + "#calendar-feed")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's timetable for calendar apps; the secret token in the URL is the only key."""
    user = services.user_for_feed(token)
    if user is None:
        raise Http404
    start, end = feeds.feed_window()
    occurrences = services.occurrences_for(user, start, end, include_cancelled=True)
    groups = _groups_by_id(o.group_id for o in occurrences)
    # Links open the site in its default language (the feed itself has no language prefix).
    with translation.override(settings.LANGUAGE_CODE):
        body = feeds.build_calendar(
            occurrences,
            groups,
            lambda key: request.build_absolute_uri(_lesson_url(key)),
            host=request.get_host().split(":")[0] or "ustat",
            name=_("Ustat timetable"),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="timetable.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@login_required
def recording(request: HttpRequest, recording_id: int) -> HttpResponse:
    """A lesson's recording, for its teacher, staff and the group's students only.

    The file lives in private storage: streamed from disk, or on S3 a redirect to a signed
    URL that expires in minutes (large videos don't pass through the web process).
    """
    from learning.zoompool.models import LessonRecording

    pool = _pool()
    item = get_object_or_404(
        LessonRecording.objects.select_related("lesson__group"),
        pk=recording_id,
        status=LessonRecording.Status.READY,
    )
    if not item.file or not pool.can_view_recordings(request.user, item.lesson):
        raise Http404
    if getattr(item.file.storage, "querystring_auth", False):
        return redirect(item.file.url)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=os.path.basename(item.file.name))
