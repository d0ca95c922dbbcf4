"""What a course asks for, beyond every lesson done, before an enrollment completes.

Enrollment sits below the apps that know such requirements (homework's final test), so it
cannot ask them; they register here instead, from their AppConfig.ready():

    requirements.register(final_test_passed)

A requirement is ``(user, course) -> bool``: True when that person meets it for that course
(or the course asks nothing of the kind). The list is filled once at start-up, the same in
every process; nothing changes it at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from courses.models import CoursePage

Requirement = Callable[..., bool]

_requirements: list[Requirement] = []


def register(requirement: Requirement) -> Requirement:
    """Add a completion requirement (once, however often ready() runs)."""
    if requirement not in _requirements:
        _requirements.append(requirement)
    return requirement


def requirements_met(user, course: CoursePage) -> bool:
    """Whether the person meets every registered requirement of the course."""
    return all(requirement(user, course) for requirement in _requirements)
