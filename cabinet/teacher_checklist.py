"""A new teacher's first-run checklist on the desk: what to do to be found and teach.

Each step links to where it is done and is ticked from the facts (a filled profile, a photo,
the tutor page sent to moderation or live, a course, a group), all read in one query. The
list is for teachers only and goes away once every step is done or the teacher hides it.
Availability is listed as "coming soon" until the booking feature exists; it counts for
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState

from accounts.models import User
from core.permissions import require
from courses.models import CourseIndexPage, CoursePage, TutorPage
from learning.schedule.models import Group

from .models import ChecklistDismissal


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    url: str  # "" where there is nowhere to go yet
    done: bool
    coming_soon: bool = False


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def counted(self) -> list[Step]:
        return [step for step in self.steps if not step.coming_soon]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.counted)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def complete(self) -> bool:
        return self.done_count == self.total


def shows_checklist(user) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.TEACHER)


def _facts(user: User) -> dict:
    """Everything the steps ask, in one query on the user's row."""
    person = OuterRef("pk")
    tutor_pages = TutorPage.objects.filter(Q(user=person) | Q(owner=person)).order_by("pk")
    in_moderation = WorkflowState.objects.filter(
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        object_id=Cast(OuterRef("pk"), CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    catalogs = CourseIndexPage.objects.filter(
        locale__language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    ).order_by("path")
    return (
        User.objects.filter(pk=user.pk)
        .annotate(
            tutor_page_id=Subquery(tutor_pages.values("pk")[:1]),
            tutor_page_sent=Exists(tutor_pages.filter(Q(live=True) | Exists(in_moderation))),
            tutor_photo=Exists(tutor_pages.filter(photo__isnull=False)),
            has_course=Exists(CoursePage.objects.filter(Q(owner=person) | Q(teacher=person))),
            has_group=Exists(Group.objects.filter(teacher=person)),
            catalog_id=Subquery(catalogs.values("pk")[:1]),
            dismissed=Exists(ChecklistDismissal.objects.filter(user=person)),
        )
        .values(
            "teacher_profile__bio",
            "tutor_page_id",
            "tutor_page_sent",
            "tutor_photo",
            "has_course",
            "has_group",
            "catalog_id",
            "dismissed",
        )
        .get()
    )


def checklist_for(user) -> Checklist | None:
    """The teacher's checklist, or None: not a teacher, hidden by them, or all done."""
    if not shows_checklist(user):
        return None
    facts = _facts(user)
    if facts["dismissed"]:
        return None
    profile_url = reverse("cabinet:profile")
    tutor_page = facts["tutor_page_id"]
    catalog = facts["catalog_id"]
    checklist = Checklist(
        steps=[
            Step(
                "profile",
                _("Fill in your profile: your name and a few words about you"),
                profile_url,
                bool(user.first_name and user.last_name and facts["teacher_profile__bio"]),
            ),
            Step(
                "photo",
                _("Add your photo"),
                profile_url + "#id_avatar",
                bool(user.avatar) or facts["tutor_photo"],
            ),
            Step(
                "tutor_page",
                _("Fill in your tutor page and send it for review"),
                reverse("wagtailadmin_pages:edit", args=[tutor_page]) if tutor_page else "",
                facts["tutor_page_sent"],
            ),
            Step(
                "course",
                _("Create your first course"),
                reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalog])
                if catalog
                else "",
                facts["has_course"],
            ),
            Step(
                "group",
                _("Create your first group"),
                reverse("schedule:group-create"),
                facts["has_group"],
            ),
            Step("availability", _("Set the hours you are available"), "", False, True),
        ]
    )
    return None if checklist.complete else checklist


def dismiss(user) -> None:
    """Hide the checklist for good (a teacher's own choice; safe to repeat)."""
    require(shows_checklist(user))
    ChecklistDismissal.objects.get_or_create(user=user)
