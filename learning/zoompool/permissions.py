"""Who may start a lesson's video room and watch its recordings.

``can_*`` answer templates and the timetable's lesson page; ``require_can_start`` is what the
services call (it raises ``NotAllowed``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.permissions import is_signed_in, is_staff, require
from learning.schedule.models import LiveLesson


def can_start(user, lesson: LiveLesson) -> bool:
    """Its teacher or staff; the time window is checked by ``services.check_can_start``."""
    return is_signed_in(user) and (user.pk == lesson.teacher_id or is_staff(user))


def can_view_recordings(user, lesson: LiveLesson) -> bool:
    """The lesson's teacher, staff, and the students of its group."""
    if not is_signed_in(user):
        return False
    if can_start(user, lesson):
        return True
    return lesson.group.memberships.filter(student=user).exists()


def require_can_start(user, lesson: LiveLesson) -> None:
    require(can_start(user, lesson), _("Only the lesson's teacher can start it."))


def can_manage_pool(user) -> bool:
    """Staff only: tutors never see the pool's accounts or its peak use."""
    return is_staff(user)
