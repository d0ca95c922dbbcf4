"""{% load homework %} {% lesson_homework page as homeworks %}: the homework listed under a
lesson, the same for everyone who may read the lesson, kept with the lesson's parts."""

from __future__ import annotations

from django import template

from home import parts

from ..models import Homework
from ..signals import CHANGED

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_homework(context, lesson) -> list[Homework]:
    """The lesson's homework, oldest first, with what the list shows of each; kept under the
    lesson's counters and ``homework:changed`` (any homework saved or deleted bumps it)."""
    return parts.shared_value(
        context.get("request"),
        "lesson-homework",
        (lesson.pk,),
        lambda: list(
            Homework.objects.filter(lesson=lesson)
            .only("pk", "title", "kind", "due_at", "lesson_id")
            .order_by("created_at", "pk")
        ),
        path=lesson.path,
        also=(CHANGED,),
    )
