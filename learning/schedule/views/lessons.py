"""A lesson's page (time, group, start / join, recordings, attendance, homework), cancelling a
lesson and changing a weekly one. Starting and recordings are the video room's (see
``extensions``): these views hand those requests to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError, NotAllowed

from .. import extensions, services
from ..forms import RuleEditForm
from ..models import Group, LiveLesson, RecurringLesson
from ..permissions import can_manage_group, is_member
from .common import apply_errors, occurrence_or_404, redirect_to_calendar

Status = LiveLesson.Status


@require_GET
@never_cache
@login_required
def lesson(request: HttpRequest, key: str) -> HttpResponse:
    """Time, group, teacher, status; start / join; recordings; attendance; homework."""
    occurrence = occurrence_or_404(request, key)
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
    manage = can_manage_group(user, group)
    room = extensions.video_room()
    now = timezone.now()
    # A stand-in with the occurrence's times, so the room's own rule says when starting opens.
    probe = stored or LiveLesson(
        group=group,
        teacher_id=occurrence.teacher_id,
        title=occurrence.title,
        start=occurrence.start,
        end=occurrence.end,
        status=occurrence.status,
    )
    opens_at = room.start_opens_at(probe) if room else occurrence.start
    status = occurrence.status
    can_start = (
        room is not None
        and room.can_start(user, probe)
        and status in (Status.SCHEDULED, Status.LIVE)
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
        "is_member": not manage and is_member(user, group),
        "can_start": can_start,
        "start_open": can_start and now >= opens_at,
        "opens_at": opens_at,
        "is_live": status == Status.LIVE,
        "join_url": stored.join_url if stored and status == Status.LIVE else "",
        "can_cancel": manage and status == Status.SCHEDULED and now < occurrence.end,
        "homework": homework,
        "homework_url": (
            reverse("homework:detail", kwargs={"homework_id": homework.pk}) if homework else ""
        ),
        "recordings": [],
        "attendance": [],
        "attendance_marked": False,
        "attendance_open": False,
    }
    if stored is not None:
        if room is not None and room.can_view_recordings(user, stored):
            context["recordings"] = room.recordings(stored)
        try:
            context["attendance"] = services.attendance_for(user, stored)
        except NotAllowed:
            context["attendance"] = []
        context["attendance_marked"] = any(record.pk for record in context["attendance"])
    if manage:
        context["attendance_open"] = status in (Status.LIVE, Status.ENDED) or (
            status == Status.SCHEDULED and now >= occurrence.start - services.ATTENDANCE_FROM
        )
        context["attendance_from"] = occurrence.start - services.ATTENDANCE_FROM
    return render(request, "schedule/lesson.html", context)


@require_POST
@login_required
def lesson_start(request: HttpRequest, key: str) -> HttpResponse:
    """ "Start lesson": the video room lends the lesson a room and sends its teacher there."""
    occurrence = occurrence_or_404(request, key)
    room = extensions.video_room()
    if room is None:
        raise Http404
    return room.start(request, occurrence)


@require_GET
@login_required
def recording(request: HttpRequest, recording_id: int) -> HttpResponse:
    """A lesson's recording, for its teacher, staff and the group's students only."""
    room = extensions.video_room()
    if room is None:
        raise Http404
    return room.recording(request, recording_id)


@require_POST
@login_required
def lesson_cancel(request: HttpRequest, key: str) -> HttpResponse:
    """Cancel one lesson (for a weekly lesson, only this date; the rule stays)."""
    occurrence = occurrence_or_404(request, key)
    try:
        if occurrence.lesson_id:
            stored = LiveLesson.objects.select_related("group").get(pk=occurrence.lesson_id)
            services.cancel_lesson(request.user, stored)
        else:
            rule = RecurringLesson.objects.select_related("group").get(pk=occurrence.rule_id)
            services.cancel_occurrence(request.user, rule, occurrence.occurrence_date)
    except NotAllowed as error:
        raise Http404 from error
    except (ValidationError, DomainError) as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lesson is cancelled."))
    return redirect("schedule:lesson", key=occurrence.key)


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change a weekly lesson from this occurrence's date on, or stop it."""
    occurrence = occurrence_or_404(request, key)
    if not occurrence.rule_id or not occurrence.occurrence_date:
        raise Http404
    rule = get_object_or_404(RecurringLesson.objects.select_related("group"), pk=occurrence.rule_id)
    if not can_manage_group(request.user, rule.group):
        raise Http404
    from_date = occurrence.occurrence_date
    if request.method == "POST" and "stop" in request.POST:
        services.delete_rule(request.user, rule)
        messages.success(request, _("The weekly lesson is stopped; past lessons stay."))
        return redirect_to_calendar(from_date)
    initial = {name: getattr(rule, name) for name in RuleEditForm.FIELDS}
    form = RuleEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(rule)
        if not changes:
            messages.info(request, _("Nothing changed."))
            return redirect("schedule:lesson", key=occurrence.key)
        try:
            _rule, warning = services.update_rule_from(request.user, rule, from_date, **changes)
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The weekly lesson is changed from %(date)s on.")
                % {"date": date_format(from_date, "SHORT_DATE_FORMAT")},
            )
            if warning:
                messages.warning(request, warning)
            return redirect_to_calendar(from_date)
    return render(
        request,
        "schedule/rule_edit.html",
        {"form": form, "rule": rule, "occurrence": occurrence, "from_date": from_date, "key": key},
    )
