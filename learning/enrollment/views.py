"""Enrolling and completing lessons on the site (the cabinet's pages live in cabinet/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage, LessonPage

from . import services


@require_POST
@login_required
def enroll(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        _enrollment, created = services.enroll_free(request.user, course)
    except services.EnrollmentError as error:
        messages.error(request, str(error))
        return redirect(course.get_url(request))
    # The confirmation shows on the page the learner lands on (the first lesson).
    if created:
        messages.success(
            request, _("You are enrolled in “%(course)s”. Good luck!") % {"course": course.title}
        )
    first = course.lessons().first()
    return redirect(first.get_url(request) if first else course.get_url(request))


@require_POST
@login_required
def complete_lesson(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        progress = services.complete_lesson(
            request.user, lesson, int(request.POST.get("percent", 100) or 100)
        )
    except (services.EnrollmentError, ValueError) as error:
        if wants_json:
            return JsonResponse({"detail": str(error)}, status=403)
        messages.error(request, str(error))
        return redirect(lesson.get_url(request))
    course = lesson.course
    if wants_json:
        return JsonResponse(
            {
                "status": progress.status,
                "percent": progress.percent,
                "course_progress": services.course_progress(request.user, course),
            }
        )
    messages.success(request, _("Lesson “%(lesson)s” completed.") % {"lesson": lesson.title})
    lessons = list(course.lessons())
    position = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    if position is not None and position + 1 < len(lessons):
        return redirect(lessons[position + 1].get_url(request))
    return redirect(course.get_url(request))
