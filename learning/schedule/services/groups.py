"""Groups and their members; a group tied to a course gives its members that course.

People become members only by their own "yes" (``invitations``: an accepted invitation or the
group's join code), through ``admit``.

Removing a student from a group closes their enrollment in the group's course only when that
enrollment came from a group, is still active, and no other group of theirs gives the course
(status "expired"); a completed course stays completed.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.errors import Invalid
from core.permissions import is_signed_in, is_staff
from courses.models import CoursePage
from courses.services import teaches
from learning.enrollment.models import Enrollment
from learning.enrollment.services import grant, revoke

from ..models import Group, LiveLesson, Membership
from ..permissions import require_can_create_groups, require_manage

Status = LiveLesson.Status
DEFAULT_COLOUR = "#2f6fed"
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def _clean_group_fields(user, name: str | None, colour: str | None, course) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if name is not None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": _("Give the group a name.")})
        if len(name) > 200:
            raise ValidationError({"name": _("The name is too long (200 characters at most).")})
        fields["name"] = name
    if colour is not None:
        if not COLOUR_RE.match(colour):
            raise ValidationError({"colour": _("Give the colour as #rrggbb, e.g. #2f6fed.")})
        fields["colour"] = colour.lower()
    if course is not None:
        if not isinstance(course, CoursePage):
            raise ValidationError({"course": _("Choose a course.")})
        # Members get the course for free: only its teacher (or staff) may tie a group to it.
        if not (is_staff(user) or teaches(user, course)):
            raise ValidationError({"course": _("You can only tie a group to a course you teach.")})
    return fields


@transaction.atomic
def create_group(
    teacher, name: str, course: CoursePage | None = None, colour: str = DEFAULT_COLOUR
) -> Group:
    require_can_create_groups(teacher)
    fields = _clean_group_fields(teacher, name, colour, course)
    return Group.objects.create(teacher=teacher, course=course, **fields)


_UNSET: Any = object()


@transaction.atomic
def update_group(
    user, group: Group, *, name: str | None = None, colour: str | None = None, course=_UNSET
) -> Group:
    """Rename, recolour or re-tie a group to a course (``course=None`` unties it).

    Members get the new course; group-given access to the old one closes (see the module's
    notes), in the same transaction.
    """
    require_manage(user, group)
    fields = _clean_group_fields(user, name, colour, None if course is _UNSET else course)
    old_course = group.course
    for field, value in fields.items():
        setattr(group, field, value)
    if course is not _UNSET:
        group.course = course
    group.save()
    if course is not _UNSET and getattr(course, "pk", None) != getattr(old_course, "pk", None):
        for student in group.students.all():
            if course is not None:
                _sync_access(student, course)
            if old_course is not None:
                _sync_access(student, old_course)
    return group


@transaction.atomic
def delete_group(user, group: Group) -> None:
    """Delete a group with its timetable and attendance; refused while a lesson of it is live."""
    require_manage(user, group)
    if group.lessons.filter(status=Status.LIVE).exists():
        raise ValidationError(_("A lesson of this group is live now; end it first."))
    students = list(group.students.all())
    course = group.course
    group.delete()
    if course is not None:
        for student in students:
            _sync_access(student, course)


def admit(group: Group, student) -> Membership:
    """Make the person a member (if they are not yet) and give them the group's course.

    Callers have checked the person's own consent (an accepted invitation, the group's code);
    safe to repeat, and two at once make one membership (the unique constraint decides).
    """
    if student.pk == group.teacher_id:
        raise Invalid(_("The group's teacher cannot be its student."))
    try:
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(group=group, student=student)
    except IntegrityError:
        membership, created = Membership.objects.get(group=group, student=student), False
    if created and group.course is not None:
        _sync_access(student, group.course)
    return membership


@transaction.atomic
def remove_student(teacher, group: Group, student) -> None:
    require_manage(teacher, group)
    deleted, _rows = Membership.objects.filter(group=group, student=student).delete()
    if not deleted:
        raise ValidationError({"id": _("This person is not in the group.")})
    if group.course is not None:
        _sync_access(student, group.course)


def _sync_access(student, course: CoursePage) -> None:
    """A group-given enrollment lives as long as the person is in a group tied to the course."""
    in_a_group = Membership.objects.filter(
        student=student, group__course__translation_key=course.translation_key
    ).exists()
    if in_a_group:
        grant(student, course, Enrollment.Source.GROUP)
        return
    for enrollment in Enrollment.objects.filter(
        user=student,
        course__translation_key=course.translation_key,
        source=Enrollment.Source.GROUP,
        status=Enrollment.Status.ACTIVE,
    ):
        revoke(enrollment, Enrollment.Status.EXPIRED)


def groups_for(user) -> QuerySet[Group]:
    """The groups a person teaches or is in (staff: every group), with their student counts."""
    queryset = (
        Group.objects.select_related("teacher", "course")
        .annotate(students_count=Count("memberships", distinct=True))
        .order_by("name", "pk")  # Meta.ordering does not survive the GROUP BY
    )
    if is_staff(user):
        return queryset
    if not is_signed_in(user):
        return queryset.none()
    member_of = Membership.objects.filter(student=user).values("group_id")
    return queryset.filter(Q(teacher=user) | Q(pk__in=member_of))


def member_ids(teacher) -> QuerySet:
    """The ids of the members of this person's groups: their students, as far as the timetable
    knows (a source of ``accounts.students``)."""
    return Membership.objects.filter(group__teacher=teacher).values("student_id")
