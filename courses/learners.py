"""Who studies a course, as the enrollment app tells courses.

courses sits below ``learning.enrollment`` in the import layers and may not import it, yet a
lesson opens for its enrolled learners and opening one counts as starting it. Enrollment
fills this registry in its ``AppConfig.ready()``; until then (or in a project without it)
nobody is enrolled and opening a lesson records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_hooks: dict[str, Callable[..., Any]] = {
    "is_enrolled": lambda user, course: False,
    "lesson_opened": lambda user, lesson: None,
    "access_ended": lambda user, course: None,
}


def register(
    *,
    is_enrolled: Callable[[Any, Any], bool],
    lesson_opened: Callable[[Any, Any], Any],
    access_ended: Callable[[Any, Any], Any] | None = None,
) -> None:
    """Called once by the enrollment app: its rule for "enrolled", its "lesson started" and
    when a person's access to a course ended."""
    _hooks["is_enrolled"] = is_enrolled
    _hooks["lesson_opened"] = lesson_opened
    if access_ended is not None:
        _hooks["access_ended"] = access_ended


def is_enrolled(user, course) -> bool:
    """Whether the person has an open enrollment in the course (any translation of it)."""
    return _hooks["is_enrolled"](user, course)


def lesson_opened(user, lesson) -> Any:
    """The person opened a lesson they may read; returns their progress on it (or None)."""
    return _hooks["lesson_opened"](user, lesson)


def access_ended(user, course) -> Any:
    """The person's enrollment in the course whose access ended (its ``expires_at`` says
    when), if they had one and have no open one; None otherwise. The lesson gate says so
    and offers to renew."""
    return _hooks["access_ended"](user, course)
