"""Who may write to whom and who may read a conversation: the predicates (pages, "show this
button") and the checks the services call (they raise the app's ``NotAllowed`` family).

- Anyone signed in may write to a published tutor (a live ``TutorPage``'s person) and to the
  school's support team.
- A learner may write to the teachers of their courses and groups; a teacher to their own
  students (``accounts.students``: enrolled in a course they teach or own, members of their
  groups). The relation is one and the same, read from either side.
- Staff may write to anyone (others reach staff through support). Nobody may open a
  conversation with an unrelated person.
- A group's conversation is for its teacher and its members.
- A conversation is read and written by its participants; a support conversation also by
  staff (the support team), who are not participants.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.students import students_of
from core.permissions import is_signed_in, is_staff
from courses.models import TutorPage
from learning.schedule.models import Group

from .errors import CannotWriteTo, NotInConversation
from .models import Conversation, Participant


def _active(user) -> bool:
    return bool(is_signed_in(user) and user.is_active)


def is_published_tutor(person) -> bool:
    return TutorPage.objects.live().filter(user=person).exists()


def teaches(teacher, learner) -> bool:
    """Whether ``learner`` is one of ``teacher``'s students (any registered source)."""
    return (
        get_user_model()
        .objects.filter(students_of(teacher), pk=learner.pk, is_active=True)
        .exists()
    )


def can_start_direct(user, other) -> bool:
    """Whether ``user`` may open (or reopen) a one-to-one conversation with ``other``."""
    if not (_active(user) and other is not None and other.is_active) or user.pk == other.pk:
        return False
    if is_staff(user):
        return True  # the school writes to anyone; people reach staff through support
    return is_published_tutor(other) or teaches(other, user) or teaches(user, other)


def in_group(user, group: Group) -> bool:
    if not _active(user):
        return False
    return group.teacher_id == user.pk or group.memberships.filter(student=user).exists()


def can_start_group(user, group: Group) -> bool:
    """The group's teacher and members (staff too) may open the group's conversation."""
    return _active(user) and (is_staff(user) or in_group(user, group))


def can_start_support(user) -> bool:
    return _active(user)


def is_participant(user, conversation: Conversation) -> bool:
    if not _active(user):
        return False
    return Participant.objects.filter(conversation=conversation, user=user).exists()


def on_support_team(user) -> bool:
    """Active staff: they answer support conversations and moderate reported messages (the
    admin's "Support" menu asks this too)."""
    return is_staff(user) and user.is_active


def is_support_team(user, conversation: Conversation) -> bool:
    """Staff answer support conversations without being their participants."""
    return conversation.kind == Conversation.Kind.SUPPORT and on_support_team(user)


def can_read(user, conversation: Conversation) -> bool:
    return is_participant(user, conversation) or is_support_team(user, conversation)


def can_write(user, conversation: Conversation) -> bool:
    return can_read(user, conversation)


def visible_to(user) -> Q:
    """A filter on conversations: those the person takes part in (one join, no subquery)."""
    return Q(participants__user=user)


# The checks the services call.


def require_start_direct(user, other) -> None:
    if not can_start_direct(user, other):
        raise CannotWriteTo()


def require_start_group(user, group: Group) -> None:
    if not can_start_group(user, group):
        raise CannotWriteTo(code="not_in_group")


def require_read(user, conversation: Conversation) -> None:
    # An outsider learns nothing of the conversation: 404, not 403.
    if not can_read(user, conversation):
        raise NotInConversation()


def require_write(user, conversation: Conversation) -> None:
    require_read(user, conversation)
