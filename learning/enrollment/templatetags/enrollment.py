"""{% course_state page as state %}: the visitor's enrollment, progress and completed lessons.

The course page asks here rather than ``CoursePage.get_context`` importing enrollment:
courses sits below enrollment in the layers. Rendering the tag also counts the page view.
"""

from django import template

from ..services import completed_lesson_ids, course_page_state

register = template.Library()


@register.simple_tag(takes_context=True)
def course_state(context, course) -> dict:
    return course_page_state(context["request"], course)


@register.simple_tag(takes_context=True)
def completed_lessons(context, course) -> set[int]:
    """{% completed_lessons course as done %}: the lesson ids the visitor has completed."""
    return completed_lesson_ids(context["request"].user, course)
