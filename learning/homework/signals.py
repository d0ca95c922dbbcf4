"""What homework tells the caches.

``homework:changed`` is bumped by every saved or deleted homework and, from schedule (which
gives homework to groups through their lessons and rules), by every change of the timetable
and of groups' members (``calendar_cache.timetable_changed``): lessons' lists of homework and
learners' deadlines are kept under it. A learner's own attempts bump their counter
(core.personal).
"""

from __future__ import annotations

from core import generations, personal

CHANGED = "homework:changed"


def homework_changed(**kwargs) -> None:
    generations.bump(CHANGED)


def attempt_changed(sender, instance, **kwargs) -> None:
    personal.changed([instance.student_id])
