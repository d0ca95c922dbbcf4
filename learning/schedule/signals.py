"""The calendar's cached windows follow every write of what they show (services.calendar_cache).

A saved or deleted group, rule, exception or stored lesson bumps its group's counter (and
staff's); a person newly tied to a group (a membership; a group, rule or lesson made for them
or moved to them) has their own counter bumped, so their list of groups is read again. The
values an instance was loaded with are remembered (``post_init``) to see a move. Deletions a
group's or a rule's deletion cascades to are left to that one's own signal. Queryset
``update()``s send no signal: their callers call ``timetable_changed``.

An invitation made, answered or removed bumps the people of its address (core.personal): the
desk keeps their count of open invitations (``services.open_invitation_count``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from accounts.models import User
from core import personal

from .models import Group, Invitation, LessonException, LiveLesson, Membership, RecurringLesson
from .services.calendar_cache import timetable_changed

LOADED = "_calendar_ties"  # the instance's ties as loaded: (group_id, person_id)

# The fields an event shows or is found by; a save of others only (Zoom's links, homework,
# a join code) changes no calendar.
SHOWN = {
    Group: {"name", "colour", "teacher", "teacher_id", "course", "course_id"},
    RecurringLesson: {
        "group",
        "group_id",
        "teacher",
        "teacher_id",
        "title",
        "weekday",
        "week_type",
        "start_time",
        "end_time",
        "start_date",
        "end_date",
        "timezone",
    },
    LiveLesson: {
        "group",
        "group_id",
        "teacher",
        "teacher_id",
        "title",
        "start",
        "end",
        "status",
        "rule",
        "rule_id",
        "occurrence_date",
    },
}
# Whose tie an instance is: the person and the group it ties them to.
TIES = {
    Group: ("pk", "teacher_id"),
    RecurringLesson: ("group_id", "teacher_id"),
    LiveLesson: ("group_id", "teacher_id"),
    Membership: ("group_id", "student_id"),
}


def _ties(instance) -> tuple:
    group_field, person_field = TIES[type(instance)]
    values = instance.__dict__
    group = instance.pk if group_field == "pk" else values.get(group_field)
    return group, values.get(person_field)


def _loaded(sender, instance, **kwargs) -> None:
    if instance.pk is not None:
        instance.__dict__[LOADED] = _ties(instance)


def _cascaded(origin, *parents: type) -> bool:
    """Whether a deletion was started at a group or rule (whose own signal bumps its group)."""
    if isinstance(origin, QuerySet):
        return issubclass(origin.model, parents)
    return isinstance(origin, parents)


def _saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not SHOWN[sender] & set(update_fields):
        return
    group, person = _ties(instance)
    was = instance.__dict__.get(LOADED)
    people = [person] if created or was != (group, person) else []
    groups = [group, was[0] if was else None]
    timetable_changed(groups=groups, people=people)
    instance.__dict__[LOADED] = (group, person)


def _deleted(sender, instance, origin=None, **kwargs) -> None:
    if sender is not Group and _cascaded(origin, Group):
        return
    timetable_changed(groups=[_ties(instance)[0]])


def _membership_saved(sender, instance: Membership, **kwargs) -> None:
    was = instance.__dict__.get(LOADED)
    timetable_changed(people=[instance.student_id, was[1] if was else None], everyone=False)
    instance.__dict__[LOADED] = _ties(instance)


def _membership_deleted(sender, instance: Membership, origin=None, **kwargs) -> None:
    if not _cascaded(origin, Group):
        timetable_changed(people=[instance.student_id], everyone=False)


def _students_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs):
    # group.students.add()/remove()/clear() write memberships without their own signals.
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # person.learning_groups.…
        timetable_changed(people=[instance.pk], everyone=False)
    elif action == "post_clear":  # every former member had the group in their list
        timetable_changed(groups=[instance.pk], everyone=False)
    else:
        timetable_changed(people=pk_set or (), everyone=False)


def _exception_changed(sender, instance: LessonException, origin=None, **kwargs) -> None:
    if _cascaded(origin, Group, RecurringLesson):
        return
    if LessonException.rule.is_cached(instance):
        group = instance.rule.group_id
    else:
        group = (
            RecurringLesson.objects.filter(pk=instance.rule_id)
            .values_list("group_id", flat=True)
            .first()
        )
    timetable_changed(groups=[group])


def _invitation_changed(sender, instance: Invitation, **kwargs) -> None:
    personal.changed(User.objects.filter(email=instance.email).values_list("pk", flat=True))


def connect() -> None:
    post_save.connect(_invitation_changed, sender=Invitation, dispatch_uid="schedule-invitation")
    post_delete.connect(
        _invitation_changed, sender=Invitation, dispatch_uid="schedule-invitation-gone"
    )
    uid = "schedule-calendar-"
    for model in (Group, RecurringLesson, LiveLesson, Membership):
        post_init.connect(_loaded, sender=model, dispatch_uid=f"{uid}loaded-{model.__name__}")
    for model in (Group, RecurringLesson, LiveLesson):
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}saved-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}deleted-{model.__name__}")
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid=f"{uid}membership")
    post_delete.connect(
        _membership_deleted, sender=Membership, dispatch_uid=f"{uid}membership-gone"
    )
    m2m_changed.connect(
        _students_changed, sender=Group.students.through, dispatch_uid=f"{uid}students"
    )
    post_save.connect(_exception_changed, sender=LessonException, dispatch_uid=f"{uid}exception")
    post_delete.connect(
        _exception_changed, sender=LessonException, dispatch_uid=f"{uid}exception-gone"
    )
