"""Cabinet template tags."""

from django import template

from accounts import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many of the signed-in person's notices are unread (kept until one of them changes)."""
    user = context["request"].user
    return services.unread_notifications_shown(user) if user.is_authenticated else 0
