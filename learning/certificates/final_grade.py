"""The final grade a certificate prints, asked of whoever knows it.

Certificates sit below the app that computes grades (``learning.grades``), so they cannot
ask it; it registers a provider here from its AppConfig.ready():

    final_grade.register(final_grade_of)

A provider is ``(user, course) -> (percentage, mark) | None``: the learner's final grade in
the course now (a Decimal 0..100 and a 5-point mark), or None when there is none. The
certificate stores what it answered when it was issued; a later change of grades does not
change an issued certificate. Without a provider, certificates carry no grade.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from courses.models import CoursePage

Provider = Callable[..., tuple[Decimal, int] | None]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Set the provider (once, however often ready() runs)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def final_grade_of(user, course: CoursePage | None) -> tuple[Decimal | None, int | None]:
    """(percentage, mark) from the first provider that knows one; (None, None) otherwise."""
    if course is None:
        return None, None
    for provider in _providers:
        answer = provider(user, course)
        if answer is not None:
            return answer
    return None, None
