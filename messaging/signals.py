"""A group conversation's seats follow the timetable group (models.py says why rows).

Joining or leaving a group (``learning.schedule`` Membership saved or deleted) and a group's
teacher changing re-seat its conversation (``services.sync_group_participants``); people
leaving are told on their sockets at once (``conversation.left``), so their tabs stop getting
the group's messages. A seat made or removed also drops the person's kept unread total.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from learning.schedule.models import Group, Membership

from . import services
from .models import Participant
from .services.reading import unread_changed


def _deleting_a_group(origin) -> bool:
    """Whether a deletion started at a group (its conversation cascades away with it)."""
    if isinstance(origin, Group):
        return True
    return isinstance(origin, QuerySet) and issubclass(origin.model, Group)


def _membership_changed(sender, instance: Membership, origin=None, **kwargs) -> None:
    # A group being deleted deletes its memberships first: re-seating its conversation then
    # would write seats in a conversation that is deleted in the same transaction.
    if _deleting_a_group(origin):
        return
    group = Group.objects.filter(pk=instance.group_id).select_related("teacher").first()
    if group is not None:
        services.sync_group_participants(group)


def _group_saved(sender, instance: Group, created: bool, **kwargs) -> None:
    if not created:
        services.sync_group_participants(instance)


def _students_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    # group.students.add()/remove()/clear() write memberships without their own signals.
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    groups = [instance] if not reverse else list(Group.objects.filter(students=instance))
    for group in groups:
        services.sync_group_participants(group)


def _seat_changed(sender, instance: Participant, **kwargs) -> None:
    # A seat made or removed changes the person's unread total (the menu's kept count).
    unread_changed([instance.user_id])


def connect() -> None:
    post_save.connect(_seat_changed, sender=Participant, dispatch_uid="messaging-seat")
    post_delete.connect(_seat_changed, sender=Participant, dispatch_uid="messaging-seat-gone")
    m2m_changed.connect(
        _students_changed, sender=Group.students.through, dispatch_uid="messaging-students"
    )
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="messaging-membership")
    post_delete.connect(
        _membership_changed, sender=Membership, dispatch_uid="messaging-membership-gone"
    )
    post_save.connect(_group_saved, sender=Group, dispatch_uid="messaging-group")
