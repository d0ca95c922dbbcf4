"""{% course_gateways page as ways %}: the ways this course can be paid for, preferred first
(none: payments are not configured for its currency)."""

from django import template

from ..gateways import Gateway
from ..services import gateways_for

register = template.Library()


@register.simple_tag
def course_gateways(course) -> list[Gateway]:
    return gateways_for(course)
