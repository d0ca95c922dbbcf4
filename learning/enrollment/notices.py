"""What enrollment tells learners: enrolled, a new lesson in their course, access ending soon.

Each notice goes through ``accounts.services.notify`` with a key naming the event, so a
retried task, a second signal or a repeated publish tells a person once. A notice speaks the
language of the course it is about (the course's locale).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.services import notify
from courses.models import CoursePage, LessonPage

from .models import Enrollment
from .permissions import in_force, same_course

KIND = "courses"  # ProfileSettings' "enrolments, new lessons, access and certificates" switch


def _language(course: CoursePage) -> str:
    return course.locale.language_code


def _date(moment) -> str:
    # "j E Y", not DATE_FORMAT: Russian's ends in "г.", and the sentence adds its own stop.
    return formats.date_format(timezone.localtime(moment), "j E Y")


def enrolled(enrollment: Enrollment) -> None:
    """The learner has the course now (a purchase says so in its receipt instead)."""
    course = enrollment.course
    with translation.override(_language(course)):
        title = _("You are enrolled in “%(course)s”") % {"course": course.title}
        body = _("The course is in My courses. Start with the first lesson whenever you like.")
        if enrollment.expires_at:
            body += " " + _("Your access lasts until %(date)s.") % {
                "date": _date(enrollment.expires_at)
            }
        notify(
            enrollment.user,
            KIND,
            title,
            body=body,
            url=course.get_url() or "",
            key=f"enrolled:{enrollment.pk}",
        )


def new_lesson(lesson: LessonPage) -> int:
    """A lesson published for the first time: the course's learners with access hear of it.

    Keyed by the lesson, so a second delivery tells nobody again. Learners of the course in
    this lesson's language (their enrollment's translation of the course) are told; the
    translation of the lesson, when it is published, tells the others. Returns how many
    were told now.
    """
    course = lesson.course
    learners = Enrollment.objects.filter(
        same_course(course),
        in_force(),
        status__in=Enrollment.OPEN,
        course__locale_id=lesson.locale_id,
    ).select_related("user")
    if lesson.first_published_at is not None:
        # News only to those who were there before it: someone enrolling after the lesson
        # appeared (or in the same transaction, as the demo loader does) finds it in place.
        learners = learners.filter(enrolled_at__lt=lesson.first_published_at)
    sent = 0
    seen: set[int] = set()
    with translation.override(_language(course)):
        title = _("New lesson in “%(course)s”: %(lesson)s") % {
            "course": course.title,
            "lesson": lesson.title,
        }
        url = lesson.get_url() or ""
        for enrollment in learners:
            person = enrollment.user
            if person.pk in seen or not person.is_active:
                continue
            seen.add(person.pk)
            notice = notify(person, KIND, title, url=url, key=f"new-lesson:{lesson.pk}")
            sent += notice is not None
    return sent


def access_ending(enrollment: Enrollment) -> bool:
    """A week (or less) before the access ends: once per enrollment and end date."""
    course = enrollment.course
    with translation.override(_language(course)):
        title = _("Your access to “%(course)s” ends on %(date)s") % {
            "course": course.title,
            "date": _date(enrollment.expires_at),
        }
        body = _(
            "After that the lessons close. Finish what you have started, or renew the course "
            "on its page to keep learning."
        )
        notice = notify(
            enrollment.user,
            KIND,
            title,
            body=body,
            url=reverse("cabinet:courses"),
            # A new end date (renewed, extended by staff) earns a new reminder.
            key=f"access-ending:{enrollment.pk}:{enrollment.expires_at:%Y%m%d%H%M}",
        )
    return notice is not None
