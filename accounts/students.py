"""Who a teacher's students are, as the apps that know tell accounts.

accounts sits below enrollment and the timetable and may not import them, yet the list of
students (``/api/users/students/``) shows a teacher only their own: the people enrolled in a
course they teach and the members of their groups. Each of those apps registers a source here
from its ``AppConfig.ready()``; a source answers a queryset of user ids for one teacher (used
as a subquery, so the list stays one query). Without sources a teacher has no students.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import User

# teacher -> a one-column queryset of the ids of the people they teach
StudentIds = Callable[["User"], "QuerySet"]

_sources: dict[str, StudentIds] = {}


def register(name: str, source: StudentIds) -> None:
    """Count ``source(teacher)`` among the teacher's students (one source per ``name``)."""
    _sources[name] = source


def students_of(teacher: User) -> Q:
    """A filter on users: the people some registered source says ``teacher`` teaches."""
    condition = Q(pk__in=[])  # matches nobody
    for source in _sources.values():
        condition |= Q(pk__in=source(teacher))
    return condition
