"""Telling the student their work is graded."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.services import notify

from ..models import Submission

Status = Submission.Status


def notify_graded(submission: Submission) -> bool:
    """Tell the student their work is graded (cabinet notice + e-mail), once per grading.

    Nothing is sent for work not graded by a teacher or for a grading already announced;
    the e-mail copy respects the student's settings and leaves after the commit.
    """
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("student", "homework")
            .get(pk=submission.pk)
        )
        if submission.status not in (Status.GRADED, Status.RETURNED) or not submission.graded_at:
            return False
        if submission.notified_at and submission.notified_at >= submission.graded_at:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            # "100", "87,5": no trailing zeros, the decimal sign of the language.
            grade = floatformat(submission.grade, -2) if submission.grade is not None else "0"
            context = {"title": submission.homework.title, "grade": grade}
            if submission.status == Status.RETURNED:
                title = str(_("Your work on “%(title)s” is returned for rework") % context)
            else:
                title = str(_("Your work on “%(title)s” is graded") % context)
            body = str(_("Homework: %(title)s\nGrade: %(grade)s%%") % context)
            if submission.teacher_comment:
                body += "\n\n" + submission.teacher_comment
            url = reverse("homework:submission", kwargs={"submission_id": submission.pk})
        notify(
            submission.student,
            "homework",
            title,
            body=body,
            url=url,
            key=f"submission:{submission.pk}:graded:{submission.graded_at.isoformat()}",
        )
        submission.notified_at = timezone.now()
        submission.save(update_fields=["notified_at"])
    return True
