"""{% payments_configured as can_pay %}: whether paid courses can be bought on this site."""

from django import template

from ..services import payments_configured as _payments_configured

register = template.Library()


@register.simple_tag
def payments_configured() -> bool:
    return _payments_configured()
