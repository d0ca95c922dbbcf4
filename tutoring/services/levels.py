"""The levels a tutor says they teach (matching's level fit; none listed: every level)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ..models import Level, TutorLevel
from ..permissions import require_tutor


def levels_of(tutor) -> list[str]:
    return sorted(
        TutorLevel.objects.filter(tutor=tutor).values_list("level", flat=True),
        key=Level.values.index,
    )


@transaction.atomic
def set_levels(tutor, levels: Iterable[str]) -> list[str]:
    """Replace the tutor's own levels."""
    require_tutor(tutor)
    wanted = set(levels)
    if wanted - set(Level.values):
        raise ValidationError({"levels": _("Choose levels from the list.")})
    TutorLevel.objects.filter(tutor=tutor).exclude(level__in=wanted).delete()
    have = set(TutorLevel.objects.filter(tutor=tutor).values_list("level", flat=True))
    TutorLevel.objects.bulk_create(TutorLevel(tutor=tutor, level=v) for v in wanted - have)
    return levels_of(tutor)


def tutors_teaching(level: str) -> QuerySet:
    """User ids of the tutors who teach ``level``, or list no level (they teach every one):
    the tutor list's "level taught" filter (``courses.levels_taught``)."""
    declared = TutorLevel.objects.values("tutor_id")
    return (
        get_user_model()
        .objects.filter(Q(teaching_levels__level=level) | ~Q(pk__in=declared))
        .values("pk")
    )
