"""Which tutors teach a level: the tutor list's "level taught" filter, answered by the app
that keeps tutors' levels (``tutoring``), which fills this registry in its
``AppConfig.ready()``; courses sits below it and cannot ask it directly.

The answer is a subquery of user ids, so the filter adds no query to the list. A tutor who
lists no level counts for every level (as the matching of requests does). Until something
registers, the filter is not offered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import QuerySet

# level -> a queryset of the user ids of tutors who teach it
Provider = Callable[[str], QuerySet]
_registered: list[tuple[Sequence[tuple[str, str]], Provider]] = []


def register(choices: Sequence[tuple[str, str]], provider: Provider) -> None:
    """Called once, with the levels as (value, label) pairs."""
    _registered[:] = [(choices, provider)]


def is_available() -> bool:
    return bool(_registered)


def choices() -> list[tuple[str, str]]:
    return list(_registered[0][0]) if _registered else []


def tutors_teaching(level: str) -> QuerySet:
    return _registered[0][1](level)
